package cn.yiwang.routing;

import java.util.List;

/**
 * A {@code POST /api/route} body that cannot be routed: malformed JSON, a missing or empty
 * {@code points} array, too many points, or invalid fields. Each error names its field as a JSON
 * pointer ({@code /points/17/lon}) and as a path ({@code points[17].lon}) in its detail.
 */
public class InvalidRouteRequestException extends IllegalArgumentException {

    /** One offending field: an RFC 6901 pointer into the body and what is wrong. */
    public record FieldError(String pointer, String detail) {
    }

    /** What kind of failure: the body as a whole, its fields, or its size. */
    public enum Kind { MALFORMED, INVALID, TOO_LARGE }

    private final Kind kind;
    private final transient List<FieldError> errors;
    private final int errorCount;

    public InvalidRouteRequestException(Kind kind, String message, List<FieldError> errors, int errorCount) {
        super(message);
        this.kind = kind;
        this.errors = List.copyOf(errors);
        this.errorCount = errorCount;
    }

    public Kind kind() {
        return kind;
    }

    /** The first errors (at most {@link RouteRequestReader#MAX_REPORTED_ERRORS}). */
    public List<FieldError> errors() {
        return errors;
    }

    /** How many errors there were in all. */
    public int errorCount() {
        return errorCount;
    }
}
