package cn.yiwang.api;

import java.util.ArrayList;
import java.util.List;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Renders every error response of the server — ours, Micronaut's (unknown route, bad method,
 * unreadable body, conversion errors) and Micronaut Security's (401, 403) — as RFC 9457
 * problem details. Never includes stack traces or exception class names.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public final class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

    @Override
    public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.getStatus();
        Throwable cause = context.getRootCause().orElse(null);
        String type;
        String detail;
        List<Problem.InvalidParam> errors = new ArrayList<>();
        if (cause instanceof ApiException api) {
            type = api.type();
            detail = api.getMessage();
            errors.addAll(api.errors());
        } else {
            type = switch (status.getCode()) {
                case 400 -> "/problems/bad-request";
                case 401 -> "/problems/unauthorized";
                case 403 -> "/problems/forbidden";
                case 404 -> "/problems/not-found";
                case 405 -> "/problems/method-not-allowed";
                case 413 -> "/problems/payload-too-large";
                case 415 -> "/problems/unsupported-media-type";
                default -> status.getCode() >= 500 ? "/problems/server-error" : "/problems/client-error";
            };
            detail = defaultDetail(status, context);
            for (Error e : context.getErrors()) {
                if (e.getPath().isPresent()) {
                    errors.add(new Problem.InvalidParam(e.getPath().get(), null, withoutParserLocation(e.getMessage())));
                }
            }
        }
        Problem body = new Problem(type, status.getReason(), status.getCode(), detail,
                context.getRequest().getPath(), errors.isEmpty() ? null : errors);
        return response.contentType(Problem.MEDIA_TYPE).body(body);
    }

    /** Jackson appends a multi-line "at [Source: …]" location that means nothing to a client. */
    private static String withoutParserLocation(String message) {
        int at = message.indexOf("\n at [Source");
        return (at < 0 ? message : message.substring(0, at)).trim();
    }

    private static String defaultDetail(HttpStatus status, ErrorContext context) {
        return switch (status.getCode()) {
            case 401 -> "Authentication required: log in with POST /login and send 'Authorization: Bearer <access_token>'.";
            case 403 -> "Your role or grid scope does not allow " + context.getRequest().getMethodName() + " " + context.getRequest().getPath() + ".";
            case 404 -> "Nothing at " + context.getRequest().getPath() + ".";
            case 405 -> context.getRequest().getMethodName() + " is not allowed on " + context.getRequest().getPath() + ".";
            default -> {
                if (status.getCode() >= 500) {
                    yield "The server failed to handle this request; it has been logged.";
                }
                List<String> messages = context.getErrors().stream().map(e -> withoutParserLocation(e.getMessage())).toList();
                yield messages.isEmpty() ? status.getReason() : String.join("; ", messages);
            }
        };
    }
}
