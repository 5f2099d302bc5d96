package cn.yiwang.instruction;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Problem;
import cn.yiwang.security.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

/**
 * {@code /api/instructions}: send ({@code POST}, ops and admins), the caller's open instructions
 * ({@code GET /mine}), one instruction with its read shares ({@code GET /{id}}), and the
 * recipient's {@code POST /{id}/read} and {@code POST /{id}/done} (optional {@code feedback}).
 */
@Controller("/api/instructions")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class InstructionController {

    private final InstructionService service;
    private final JsonMapper json;

    public InstructionController(InstructionService service, JsonMapper json) {
        this.service = service;
        this.json = json;
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> send(HttpRequest<?> request, @Nullable @Body String body, Authentication auth) {
        InstructionRequest req;
        try {
            req = InstructionRequest.parse(object(body));
        } catch (InstructionRequest.Invalid e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-body", e.getMessage(), e.errors());
        }
        Map<String, Object> sent = service.send(req, Caller.of(auth), ip(request));
        return HttpResponse.created(sent).header("Location", "/api/instructions/" + sent.get("id"));
    }

    @Get(uri = "/mine", produces = MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> mine(Authentication auth) {
        return service.mine(Caller.of(auth));
    }

    @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> one(@PathVariable String id, Authentication auth) {
        return service.status(id(id), Caller.of(auth));
    }

    @Post(uri = "/{id}/read", produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> read(HttpRequest<?> request, @PathVariable String id, Authentication auth) {
        return service.read(id(id), Caller.of(auth), ip(request));
    }

    @Post(uri = "/{id}/done", consumes = {MediaType.APPLICATION_JSON, MediaType.ALL}, produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> done(HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body, Authentication auth) {
        String feedback = null;
        if (body != null && !body.isBlank()) {
            Map<String, Object> m = object(body);
            List<Problem.InvalidParam> errors = new ArrayList<>();
            for (String key : m.keySet()) {
                if (!key.equals("feedback")) {
                    errors.add(new Problem.InvalidParam(null, "/" + key, "unknown member"));
                }
            }
            if (m.get("feedback") != null) {
                feedback = InstructionRequest.text(m.get("feedback"), "/feedback", InstructionRequest.MAX_BODY_CHARS, errors);
            }
            if (!errors.isEmpty()) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-body", "The completion is not valid.", errors);
            }
        }
        return service.done(id(id), Caller.of(auth), feedback, ip(request));
    }

    private static long id(String raw) {
        if (!raw.matches("^[0-9]{1,18}$")) {
            throw ApiException.badParameter("id", "an instruction id is a number");
        }
        return Long.parseLong(raw);
    }

    private Map<String, Object> object(@Nullable String body) {
        if (body == null || body.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-body", "The request body is empty: a JSON object is expected.", List.of());
        }
        try {
            Object parsed = json.readValue(body, Argument.OBJECT_ARGUMENT);
            if (parsed instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) map;
                return m;
            }
        } catch (IOException | RuntimeException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/malformed-json", "The request body is not valid JSON.", List.of());
        }
        throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-body", "The request body must be a JSON object.", List.of());
    }

    private static String ip(HttpRequest<?> request) {
        return request.getRemoteAddress().getAddress().getHostAddress();
    }
}
