package cn.yiwang.grid;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** A grid without its geometry: what chains, ancestors and catalog entries carry. */
@Serdeable
public record GridSummary(String code, String name, String level, @Nullable String parentCode, @Nullable String kind) {
}
