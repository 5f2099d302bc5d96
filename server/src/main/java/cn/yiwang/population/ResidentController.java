package cn.yiwang.population;

import java.util.Arrays;
import java.util.List;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Params;
import cn.yiwang.security.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

/**
 * The population base under {@code /api/people} (see {@link ResidentService} for the rules):
 * <ul>
 *   <li>{@code GET /api/people?grid=&name=&match=prefix|contains&tag=a,b&idNumber=&limit=&offset=&unmasked=}: a page of residents;</li>
 *   <li>{@code GET /api/people/{id}[?unmasked=true]}: one resident;</li>
 *   <li>{@code GET /api/people/export.csv?grid=&tag=}: the watermarked CSV export;</li>
 *   <li>{@code POST /api/people/import[?charset=]}: a CSV of residents (UTF-8 or GBK), all or nothing;</li>
 *   <li>{@code GET /api/people/tags}: the tags.</li>
 * </ul>
 */
@Controller("/api/people")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class ResidentController {

    private final ResidentService service;
    private final ResidentTags tags;

    public ResidentController(ResidentService service, ResidentTags tags) {
        this.service = service;
        this.tags = tags;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    public ResidentService.Page search(HttpRequest<?> request, Authentication auth, @Nullable @QueryValue String grid,
                                       @Nullable @QueryValue String name, @Nullable @QueryValue String match,
                                       @Nullable @QueryValue String tag, @Nullable @QueryValue String idNumber,
                                       @Nullable @QueryValue String limit, @Nullable @QueryValue String offset,
                                       @Nullable @QueryValue String unmasked) {
        boolean contains = switch (match == null ? "prefix" : match) {
            case "prefix" -> false;
            case "contains" -> true;
            default -> throw ApiException.badParameter("match", "'" + Params.clip(match) + "' is not prefix or contains");
        };
        if (name != null && name.strip().length() > 50) {
            throw ApiException.badParameter("name", "longer than 50 characters");
        }
        if (grid != null && !grid.isBlank() && !grid.strip().matches("[0-9]{1,24}")) {
            throw ApiException.badParameter("grid", "'" + Params.clip(grid) + "' is not a grid code");
        }
        return service.search(Caller.of(auth), grid, name, contains, tagList(tag), idNumber, Params.limit(limit, 50, 200),
                Params.offset(offset), bool("unmasked", unmasked), ip(request));
    }

    @Get(uri = "/tags", produces = MediaType.APPLICATION_JSON)
    public List<ResidentTags.Tag> tags() {
        return tags.all();
    }

    @Get(uri = "/export.csv", produces = "text/csv")
    public HttpResponse<String> export(HttpRequest<?> request, Authentication auth, @Nullable @QueryValue String grid,
                                       @Nullable @QueryValue String tag) {
        String csv = service.exportCsv(Caller.of(auth), grid, tagList(tag), ip(request));
        return HttpResponse.ok(csv).contentType("text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"residents.csv\"").header("Cache-Control", "no-store");
    }

    @Post(uri = "/import", consumes = {"text/csv", MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM}, produces = MediaType.APPLICATION_JSON)
    public ResidentService.ImportSummary importCsv(HttpRequest<?> request, Authentication auth, @Nullable @Body byte[] body,
                                                   @Nullable @QueryValue String charset) {
        if (body == null || body.length == 0) {
            throw ApiException.badParameter("body", "is empty; send the CSV");
        }
        return service.importCsv(Caller.of(auth), body, charset, ip(request));
    }

    @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
    public ResidentView one(HttpRequest<?> request, Authentication auth, @PathVariable String id, @Nullable @QueryValue String unmasked) {
        long n;
        try {
            n = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiException.badParameter("id", "'" + Params.clip(id) + "' is not a resident id");
        }
        return service.one(Caller.of(auth), n, bool("unmasked", unmasked), ip(request));
    }

    private static List<String> tagList(@Nullable String raw) {
        return raw == null || raw.isBlank() ? List.of() : Arrays.stream(raw.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static boolean bool(String name, @Nullable String raw) {
        if (raw == null || raw.isBlank() || raw.equals("false")) {
            return false;
        }
        if (raw.equals("true")) {
            return true;
        }
        throw ApiException.badParameter(name, "'" + Params.clip(raw) + "' is not true or false");
    }

    static String ip(HttpRequest<?> request) {
        return request.getRemoteAddress().getAddress().getHostAddress();
    }
}
