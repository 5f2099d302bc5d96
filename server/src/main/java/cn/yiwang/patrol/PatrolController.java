package cn.yiwang.patrol;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Problem;
import cn.yiwang.geo.CoordinateSystem;
import cn.yiwang.security.AuditLog;
import cn.yiwang.security.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

/**
 * {@code POST /api/patrol/points} (JSON batches from the phone page and other systems) and
 * {@code POST /api/patrol/gpx} (a finished patrol). A batch with bad points stores the good ones and
 * answers 200 with {@code accepted} and {@code invalid: [{index, reason}]}; when no point is good it is
 * a 422 problem naming each one ({@code errors[].pointer = /points/N}). Callers post for their own
 * devices; the ops center and admins for workers in their scope (audited). Every answer comes after
 * the points are committed.
 */
@Controller("/api/patrol")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class PatrolController {

    public static final String GPX = "application/gpx+xml";

    private final PatrolIngestService ingest;
    private final PatrolWriter writer;
    private final PatrolConfiguration config;
    private final JsonMapper json;
    private final AuditLog audit;

    public PatrolController(PatrolIngestService ingest, PatrolWriter writer, PatrolConfiguration config, JsonMapper json,
                            AuditLog audit) {
        this.ingest = ingest;
        this.writer = writer;
        this.config = config;
        this.json = json;
        this.audit = audit;
    }

    @Post(value = "/points", consumes = MediaType.APPLICATION_JSON)
    public CompletableFuture<HttpResponse<?>> points(HttpRequest<?> request, @Body byte[] body, Authentication auth) {
        Map<String, Object> parsed;
        try {
            parsed = json.readValue(body, Argument.mapOf(String.class, Object.class));
        } catch (Exception e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-body", "The body is not a JSON object", List.of());
        }
        if (parsed == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-body", "The body is empty", List.of());
        }
        List<PatrolFixDraft> drafts;
        try {
            drafts = PatrolBatchReader.read(parsed);
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-body", e.getMessage(),
                    List.of(new Problem.InvalidParam(null, "/points", e.getMessage())));
        }
        if (drafts.size() > config.maxRequestPoints()) {
            throw new ApiException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "/problems/too-many-points", drafts.size()
                    + " points in one request; at most " + config.maxRequestPoints() + ": split the batch", List.of());
        }
        return store(request, Caller.of(auth), drafts, "api", "patrol.points");
    }

    @Post(value = "/gpx", consumes = {GPX, MediaType.APPLICATION_XML, MediaType.TEXT_XML})
    public CompletableFuture<HttpResponse<?>> gpx(HttpRequest<?> request, @Body byte[] body, @QueryValue @Nullable String deviceId,
                                                  @QueryValue @Nullable String crs, Authentication auth) {
        if (body.length > config.maxGpxBytes()) {
            throw new ApiException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "/problems/too-large", "The GPX file has "
                    + body.length + " bytes; at most " + config.maxGpxBytes() + " are accepted: upload one patrol per file", List.of());
        }
        if (deviceId == null || deviceId.isBlank()) {
            throw ApiException.badParameter("deviceId", "missing: name the device whose track this is");
        }
        List<PatrolFixDraft> drafts;
        try {
            drafts = GpxTrackReader.read(new ByteArrayInputStream(body), deviceId, crs);
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-gpx", e.getMessage() + "; nothing was stored", List.of());
        }
        if (drafts.isEmpty()) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "/problems/invalid-gpx", "The GPX file holds no track points (trkpt)", List.of());
        }
        return store(request, Caller.of(auth), drafts, "gpx", "patrol.gpx_upload");
    }

    private CompletableFuture<HttpResponse<?>> store(HttpRequest<?> request, Caller caller, List<PatrolFixDraft> drafts,
                                                     String source, String auditAction) {
        PatrolIngestService.Checked checked = ingest.check(drafts, CoordinateSystem.WGS84, source);
        boolean forOthers = false;
        for (PatrolDevices.Device d : checked.devices()) {
            if (!PatrolIngestService.mayPostFor(caller, d)) {
                throw new ApiException(HttpStatus.FORBIDDEN, "/problems/forbidden", "Device '" + d.deviceId()
                        + "' belongs to another worker: you may post points of your own devices only; nothing was stored", List.of());
            }
            forOthers |= caller.userId() != d.userId();
        }
        if (checked.valid().isEmpty()) {
            List<Problem.InvalidParam> errors = new ArrayList<>();
            for (PatrolIngestService.Invalid i : checked.invalid()) {
                errors.add(new Problem.InvalidParam(null, "/points/" + i.index(), i.reason()));
            }
            if (checked.offDuty() > 0 && checked.offDuty() == checked.invalid().size()) {
                throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "/problems/off-duty", "None of the " + drafts.size()
                        + " points was taken on duty (outside the shift and no patrol started): nothing was stored."
                        + " Start a patrol (开始巡查, POST /api/patrol/start) to record positions.", errors);
            }
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "/problems/invalid-points", "No valid point among "
                    + drafts.size() + ": " + (errors.isEmpty() ? "the batch is empty" : "the first: " + errors.get(0).detail()), errors);
        }
        boolean audited = forOthers || "gpx".equals(source);
        String ip = request.getRemoteAddress().getAddress().getHostAddress();
        return writer.submit(checked.valid()).thenApplyAsync(v -> {
            if (audited) {
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("accepted", checked.valid().size());
                detail.put("invalid", checked.invalid().size());
                detail.put("devices", checked.devices().stream().map(PatrolDevices.Device::deviceId).toList());
                audit.record(caller.username(), caller.role().key(), auditAction, String.join(",",
                        checked.devices().stream().map(PatrolDevices.Device::deviceId).toList()), ip, detail);
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("accepted", checked.valid().size());
            answer.put("rejected", checked.invalid().size());
            answer.put("offDuty", checked.offDuty());
            answer.put("invalid", checked.invalid());
            return HttpResponse.ok(answer);
        });
    }
}
