package cn.yiwang.layers.ogc;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code yiwang.ogc}: OGC API – Features settings.
 *
 * @param defaultLimit features per page when the request has no {@code limit}
 * @param maxLimit     the largest {@code limit} honoured; a larger one is clamped to it and the
 *                     response says so ({@code OGC-Limit-Clamped} header, {@code limitClamped} member)
 * @param publicUrl    scheme and authority of absolute links ({@code https://grid.example.cn}, or with
 *                     a path prefix behind a proxy); unset, links follow the request's
 *                     {@code Forwarded}, {@code X-Forwarded-*} or {@code Host} headers
 */
@ConfigurationProperties("yiwang.ogc")
public record OgcConfiguration(
        @Bindable(defaultValue = "100") int defaultLimit,
        @Bindable(defaultValue = "10000") int maxLimit,
        @Nullable String publicUrl) {
}
