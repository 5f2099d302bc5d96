package cn.yiwang.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * An RFC 9457 problem details body ({@code application/problem+json}). {@code errors} lists each
 * offending input: {@code parameter} for query/path parameters, {@code pointer} (RFC 6901) for
 * fields of a JSON body.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, @Nullable String detail, @Nullable String instance,
                      @Nullable List<InvalidParam> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One offending input. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InvalidParam(@Nullable String parameter, @Nullable String pointer, String detail) {
    }
}
