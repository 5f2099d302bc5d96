package cn.yiwang.api;

import java.util.List;

import io.micronaut.http.HttpStatus;

/**
 * A failure the client can act on, rendered as problem+json by {@link ProblemErrorResponseProcessor}.
 * The message is the human-readable {@code detail}; it names the bad value.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String type;
    private final List<Problem.InvalidParam> errors;

    public ApiException(HttpStatus status, String type, String detail, List<Problem.InvalidParam> errors) {
        super(detail);
        this.status = status;
        this.type = type;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public HttpStatus status() {
        return status;
    }

    public String type() {
        return type;
    }

    public List<Problem.InvalidParam> errors() {
        return errors;
    }

    /** Seconds for a {@code Retry-After} header (overload, 503), 0 for none. */
    public int retryAfterSeconds() {
        return 0;
    }

    /** 400 for one bad query or path parameter. */
    public static ApiException badParameter(String parameter, String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-parameter",
                "Invalid parameter '" + parameter + "': " + detail,
                List.of(new Problem.InvalidParam(parameter, null, detail)));
    }

    public static ApiException notFound(String what) {
        return new ApiException(HttpStatus.NOT_FOUND, "/problems/not-found", what, List.of());
    }
}
