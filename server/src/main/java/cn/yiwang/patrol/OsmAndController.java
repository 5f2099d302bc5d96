package cn.yiwang.patrol;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Problem;
import cn.yiwang.geo.CoordinateSystem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

/**
 * The OsmAnd endpoint for Traccar Client on workers' phones: {@code /osmand} (Traccar's own server
 * answers on any path of its port 5055; Traccar Client keeps the path of its "server URL", so set it
 * to {@code http://host:8080/osmand}). GET or POST with the fix in the query, POST with a form body,
 * or POST of Traccar Client 9+'s JSON. The device id is the credential, as in Traccar: an unknown
 * one is 404 with a hint and nothing is stored. 200 with an empty body once the fix is committed. A fix
 * taken while the worker was off duty is also answered 200 (Traccar Client would otherwise retry it for
 * ever) but not stored: the answer carries {@value #OFF_DUTY_HEADER} and the drop is counted.
 */
@Controller("/osmand")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
public class OsmAndController {

    /** Set on the 200 answering a fix that was dropped because its worker was off duty. */
    public static final String OFF_DUTY_HEADER = "Yiwang-Off-Duty";

    private final PatrolIngestService ingest;
    private final PatrolWriter writer;
    private final JsonMapper json;

    public OsmAndController(PatrolIngestService ingest, PatrolWriter writer, JsonMapper json) {
        this.ingest = ingest;
        this.writer = writer;
        this.json = json;
    }

    @Get
    public CompletableFuture<HttpResponse<?>> get(HttpRequest<?> request) {
        return store(OsmAndRequestReader.readQuery(query(request)), "osmand");
    }

    @Post(consumes = MediaType.ALL)
    public CompletableFuture<HttpResponse<?>> post(HttpRequest<?> request, @Nullable @Body byte[] body) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).trim();
        if (text.startsWith("{")) {
            Map<String, Object> parsed;
            try {
                parsed = json.readValue(body, Argument.mapOf(String.class, Object.class));
            } catch (Exception e) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-body", "The body is not valid JSON", List.of());
            }
            PatrolFixDraft d = OsmAndRequestReader.readJson(parsed);
            String crs = request.getParameters().get("crs");
            if (crs != null && d.crs() == null) {
                d.crs(crs);
            }
            return store(d, "traccar_json");
        }
        Map<String, String> params = query(request);
        if (!text.isEmpty()) {
            for (String pair : text.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.putIfAbsent(key, value);
            }
        }
        return store(OsmAndRequestReader.readQuery(params), "osmand");
    }

    private static Map<String, String> query(HttpRequest<?> request) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String name : request.getParameters().names()) {
            params.put(name, request.getParameters().get(name));
        }
        return params;
    }

    private CompletableFuture<HttpResponse<?>> store(PatrolFixDraft draft, String source) {
        PatrolIngestService.Checked checked = ingest.check(List.of(draft), CoordinateSystem.WGS84, source);
        if (!checked.unknownDevices().isEmpty()) {
            String id = checked.unknownDevices().iterator().next();
            throw new ApiException(HttpStatus.NOT_FOUND, "/problems/unknown-device", "Unknown device '" + id
                    + "': nothing was stored. Set Traccar Client's device identifier to the id registered for the worker"
                    + " (the demo ids are demo-device-1, demo-device-2, …), or ask an administrator to register this one.",
                    List.of(new Problem.InvalidParam("id", null, "unknown device '" + id + "'")));
        }
        if (checked.offDuty() > 0) {
            // Traccar Client retries a fix until it gets a 200, for ever: an off-duty fix is answered 200 and
            // dropped (counted; the header says so to whoever looks), so a phone left on after work empties its queue.
            return CompletableFuture.completedFuture(HttpResponse.ok().header(OFF_DUTY_HEADER, "not stored"));
        }
        if (!checked.invalid().isEmpty()) {
            String reason = checked.invalid().get(0).reason();
            String parameter = reason.contains(":") ? reason.substring(0, reason.indexOf(':')) : null;
            throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-position", "Invalid position: " + reason
                    + "; nothing was stored", List.of(new Problem.InvalidParam(parameter, null, reason)));
        }
        return writer.submit(checked.valid()).thenApply(v -> HttpResponse.ok());
    }
}
