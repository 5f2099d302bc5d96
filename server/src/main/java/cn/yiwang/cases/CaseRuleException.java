package cn.yiwang.cases;

import io.micronaut.core.annotation.Nullable;

/** A workflow rule refused a step: the wrong state (409), the wrong person (403), or missing or bad input (400). */
public final class CaseRuleException extends RuntimeException {

    public enum Kind { ILLEGAL_TRANSITION, FORBIDDEN, INVALID_INPUT }

    private final Kind kind;
    private final String field;

    public CaseRuleException(Kind kind, String message, @Nullable String field) {
        super(message);
        this.kind = kind;
        this.field = field;
    }

    public Kind kind() {
        return kind;
    }

    /** The offending request field for {@link Kind#INVALID_INPUT}, else null. */
    public @Nullable String field() {
        return field;
    }
}
