package cn.yiwang.planner;

import java.util.List;
import java.util.Map;

import io.micronaut.http.HttpStatus;

/**
 * A draft operation the server refuses with more than a message: a commit with problems (422, the
 * problem list) or a concurrent change (409, the conflicting codes). {@code PlannerController}
 * renders it as problem+json with the extension members of {@link #extensions()}.
 */
public final class DraftRefusedException extends RuntimeException {

    private final HttpStatus status;
    private final String type;
    private final Map<String, Object> extensions;

    public DraftRefusedException(HttpStatus status, String type, String detail, Map<String, Object> extensions) {
        super(detail);
        this.status = status;
        this.type = type;
        this.extensions = Map.copyOf(extensions);
    }

    public HttpStatus status() {
        return status;
    }

    public String type() {
        return type;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    static DraftRefusedException problems(String detail, List<Map<String, Object>> problems) {
        return new DraftRefusedException(HttpStatus.UNPROCESSABLE_ENTITY, "/problems/draft-has-problems", detail, Map.of("problems", problems));
    }
}
