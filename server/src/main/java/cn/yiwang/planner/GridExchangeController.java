package cn.yiwang.planner;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Params;
import cn.yiwang.planner.exchange.AttributeMapping;
import cn.yiwang.security.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

/**
 * {@code POST /api/planner/imports}: a GeoJSON, GeoPackage or zipped Shapefile (the body, as is) becomes a
 * new draft on {@code parent} (201 with the draft and the import report); {@code GET /api/planner/export}:
 * a level under a parent, current or {@code at} a time, as GeoJSON or GeoPackage. Query parameters:
 * {@code format}, {@code parent}, {@code level}, {@code nameField}/{@code codeField}/{@code parentField}
 * (default {@code name}, {@code code}, {@code parentCode}), {@code crs} (e.g. {@code EPSG:4547}),
 * {@code table} (a GeoPackage's feature table).
 */
@Controller("/api/planner")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class GridExchangeController {

    private final GridExchangeService service;

    public GridExchangeController(GridExchangeService service) {
        this.service = service;
    }

    @Post(uri = "/imports", consumes = {MediaType.APPLICATION_OCTET_STREAM, "application/geo+json", MediaType.APPLICATION_JSON,
            "application/zip", "application/geopackage+sqlite3"}, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<GridExchangeService.ImportResult> importGrids(HttpRequest<?> request, @Nullable @QueryValue String format,
                                                                      @Nullable @QueryValue String parent, @Nullable @QueryValue String level,
                                                                      @Nullable @QueryValue String nameField, @Nullable @QueryValue String codeField,
                                                                      @Nullable @QueryValue String parentField, @Nullable @QueryValue String crs,
                                                                      @Nullable @QueryValue String table, @Nullable @Body byte[] body,
                                                                      Authentication auth) {
        String p = code("parent", parent);
        AttributeMapping mapping = new AttributeMapping(
                field("nameField", nameField, "name"), field("codeField", codeField, "code"), field("parentField", parentField, "parentCode"));
        GridExchangeService.ImportResult r = service.importGrids(Caller.of(auth), p, level(level), format, mapping, crs, blank(table),
                body == null ? new byte[0] : body, ip(request));
        return HttpResponse.created(r).header("Location", "/api/planner/drafts/" + r.draft().id());
    }

    @Get(uri = "/export", produces = {"application/geo+json", "application/geopackage+sqlite3"})
    public HttpResponse<byte[]> export(HttpRequest<?> request, @Nullable @QueryValue String parent, @Nullable @QueryValue String level,
                                       @Nullable @QueryValue String format, @Nullable @QueryValue("at") String at, Authentication auth) {
        GridExchangeService.Export e = service.export(Caller.of(auth), code("parent", parent), level(level),
                format == null ? "geojson" : format, instant(at), ip(request));
        return HttpResponse.ok(e.bytes()).contentType(e.mediaType())
                .header("Content-Disposition", "attachment; filename=\"" + e.fileName() + "\"");
    }

    private static String code(String name, @Nullable String raw) {
        if (raw == null || !raw.matches("[0-9]{6,29}")) {
            throw ApiException.badParameter(name, raw == null ? "is required (a grid code)" : "'" + Params.clip(raw) + "' is not a grid code");
        }
        return raw;
    }

    private static String level(@Nullable String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (!PlannerService.LEVELS.contains(raw)) {
            throw ApiException.badParameter("level", "'" + Params.clip(raw) + "' is not one of " + PlannerService.LEVELS);
        }
        return raw;
    }

    private static String field(String name, @Nullable String raw, String dflt) {
        if (raw == null || raw.isBlank()) {
            return dflt;
        }
        if (raw.length() > 64) {
            throw ApiException.badParameter(name, "is longer than 64 characters");
        }
        return raw.trim();
    }

    private static String blank(@Nullable String raw) {
        return raw == null || raw.isBlank() ? null : raw.trim();
    }

    private static Instant instant(@Nullable String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(raw.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badParameter("at", "'" + Params.clip(raw) + "' is not an ISO-8601 date-time with offset, e.g. 2026-11-01T00:00:00+08:00");
        }
    }

    private static String ip(HttpRequest<?> request) {
        return request.getRemoteAddress().getAddress().getHostAddress();
    }
}
