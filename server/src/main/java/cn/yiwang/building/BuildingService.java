package cn.yiwang.building;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Problem;
import cn.yiwang.geo.CoordinateSystem;
import cn.yiwang.layers.LayerChangedEvent;
import cn.yiwang.layers.LayerRegistry;
import cn.yiwang.security.AuditLog;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

/**
 * Imports building footprints from a GeoJSON FeatureCollection: parse, read and validate every
 * feature ({@link BuildingGeoJsonReader}), then upsert them all in one transaction
 * ({@link BuildingRepository#importAll}), then audit and tell the layer caches (tiles, OGC extent)
 * that the buildings layer changed. Any problem → 400 problem+json listing up to
 * {@value BuildingGeoJsonReader#MAX_ISSUES} problems by JSON pointer, and nothing is written.
 */
@Singleton
public class BuildingService {

    static final String INVALID_BODY = "/problems/invalid-body";

    /** What an import did. */
    @Serdeable
    public record ImportSummary(int features, int inserted, int updated, int withoutMicroGrid, Set<String> districts,
                                String crs) {
    }

    private final BuildingRepository repository;
    private final AuditLog audit;
    private final JsonMapper json;
    private final ApplicationEventPublisher<LayerChangedEvent> layerChanged;

    public BuildingService(BuildingRepository repository, AuditLog audit, JsonMapper json,
                           ApplicationEventPublisher<LayerChangedEvent> layerChanged) {
        this.repository = repository;
        this.audit = audit;
        this.json = json;
        this.layerChanged = layerChanged;
    }

    /**
     * @param body     the request body, a FeatureCollection
     * @param crs      the coordinate system of its positions
     * @param actor    who imports (audited)
     * @param role     their role
     * @param clientIp their address
     */
    public ImportSummary importCollection(@Nullable String body, CoordinateSystem crs, String actor, @Nullable String role,
                                          @Nullable String clientIp) {
        BuildingGeoJsonReader.Result read = BuildingGeoJsonReader.read(parse(body), crs);
        if (!read.ok()) {
            throw invalid(read.issues());
        }
        BuildingRepository.ImportOutcome outcome = repository.importAll(read.buildings());
        if (!outcome.ok()) {
            throw invalid(outcome.issues());
        }
        String crsKey = crs.name().toLowerCase(Locale.ROOT);
        ImportSummary summary = new ImportSummary(read.buildings().size(), outcome.inserted(), outcome.updated(),
                outcome.withoutMicroGrid(), outcome.districts(), crsKey);
        audit.record(actor, role, "building.import", "district:" + String.join(",", outcome.districts()), clientIp,
                Map.of("features", summary.features(), "inserted", summary.inserted(), "updated", summary.updated(),
                        "withoutMicroGrid", summary.withoutMicroGrid(), "crs", crsKey));
        // Updated footprints may have moved, and their old places are not known here: a bulk
        // import drops the whole layer from the caches.
        layerChanged.publishEvent(LayerChangedEvent.wholeLayer(LayerRegistry.BUILDINGS));
        return summary;
    }

    private Object parse(@Nullable String body) {
        if (body == null || body.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, INVALID_BODY,
                    "The body is empty; send a GeoJSON FeatureCollection.",
                    List.of(new Problem.InvalidParam(null, "", "is empty")));
        }
        try {
            return json.readValue(body, Object.class);
        } catch (IOException | RuntimeException e) {
            String reason = reason(e);
            throw new ApiException(HttpStatus.BAD_REQUEST, INVALID_BODY, "The body is not valid JSON: " + reason,
                    List.of(new Problem.InvalidParam(null, "", reason)));
        }
    }

    /**
     * The parser's message without the source excerpts Jackson embeds ("[Source: …]"), which mean
     * nothing to a client, plus the line and column.
     */
    static String reason(Throwable e) {
        JsonProcessingException parse = null;
        for (Throwable t = e; t != null && parse == null; t = t.getCause()) {
            if (t instanceof JsonProcessingException j) {
                parse = j;
            }
        }
        String message = parse != null ? parse.getOriginalMessage() : e.getMessage();
        if (message == null || message.isBlank()) {
            message = "unreadable";
        }
        message = message.replaceAll("\\s*\\((start marker )?at \\[Source:[^\\]]*\\]\\)", "")
                .replaceAll("\\s*at \\[Source:[^\\]]*\\]", "")
                .replaceAll(": enable `[^`]*` to allow", "").strip();
        int newline = message.indexOf('\n');
        message = newline < 0 ? message : message.substring(0, newline).strip();
        if (message.length() > 200) {
            message = message.substring(0, 200) + "…";
        }
        JsonLocation at = parse == null ? null : parse.getLocation();
        return at == null || at.getLineNr() < 1 ? message
                : message + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    private static ApiException invalid(List<BuildingGeoJsonReader.Issue> issues) {
        BuildingGeoJsonReader.Issue first = issues.get(0);
        String more = issues.size() == 1 ? ""
                : " (and " + (issues.size() >= BuildingGeoJsonReader.MAX_ISSUES ? "at least " : "") + (issues.size() - 1)
                        + " more, listed in errors)";
        return new ApiException(HttpStatus.BAD_REQUEST, INVALID_BODY,
                "Invalid import at " + (first.pointer().isEmpty() ? "the body" : first.pointer()) + ": " + first.detail()
                        + more + ". Nothing was imported.",
                issues.stream().map(i -> new Problem.InvalidParam(null, i.pointer(), i.detail())).toList());
    }
}
