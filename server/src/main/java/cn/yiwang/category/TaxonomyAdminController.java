package cn.yiwang.category;

import java.net.URI;
import java.util.Map;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Params;
import cn.yiwang.security.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;

/**
 * Admin edits of the taxonomy (role admin only), each audited with old and new values and visible
 * to new cases as soon as the response is sent:
 * <ul>
 *   <li>{@code PUT /api/admin/categories/{code}}: partial edit of a sub-category (nameZh,
 *       description, deadline, selfHandle, urgency, locationRequired, departments, keywords,
 *       replies, active) or of a top category (nameZh, description, replies). Needs
 *       {@code If-Match: "<version>"} or {@code "version": n} in the body: 428 without either,
 *       412 on a stale If-Match, 409 on a stale body version. 200 with the new item and ETag.</li>
 *   <li>{@code POST /api/admin/categories}: a new sub-category ({@code topCode}, {@code nameZh},
 *       {@code deadline}, {@code departments} required; {@code code} optional). 201 with Location
 *       and ETag; 409 when the code is taken.</li>
 *   <li>{@code PUT /api/admin/departments/{code}} and {@code POST /api/admin/departments}: the same
 *       for departments (nameZh, level, description, active); deactivating a department that active
 *       categories name is 409.</li>
 * </ul>
 * Bad input is 400 problem+json with an RFC 6901 pointer per bad field; unknown code 404.
 */
@Controller("/api/admin")
@Secured(Role.ADMIN_KEY)
@ExecuteOn(TaskExecutors.BLOCKING)
public class TaxonomyAdminController {

    private final TaxonomyService service;

    public TaxonomyAdminController(TaxonomyService service) {
        this.service = service;
    }

    @Put(uri = "/categories/{code}", consumes = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> updateCategory(HttpRequest<?> request, @PathVariable String code,
                                                            @Nullable @Body String body,
                                                            @Nullable @Header(HttpHeaders.IF_MATCH) String ifMatch,
                                                            Authentication authentication) {
        if (!code.matches(Category.CODE_PATTERN) && !code.matches(TopCategory.CODE_PATTERN)) {
            throw ApiException.badParameter("code", "'" + Params.clip(code) + "' is not a category code like SRHJ or SRHJ-01");
        }
        return ok(service.updateCategory(code, body, ifMatch, actor(request, authentication)));
    }

    @Post(uri = "/categories", consumes = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> createCategory(HttpRequest<?> request, @Nullable @Body String body,
                                                            Authentication authentication) {
        TaxonomyService.Edited e = service.createCategory(body, actor(request, authentication));
        return HttpResponse.created(e.json(), URI.create("/api/categories/" + e.json().get("code")))
                .header(HttpHeaders.ETAG, "\"" + e.version() + "\"");
    }

    @Put(uri = "/departments/{code}", consumes = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> updateDepartment(HttpRequest<?> request, @PathVariable String code,
                                                              @Nullable @Body String body,
                                                              @Nullable @Header(HttpHeaders.IF_MATCH) String ifMatch,
                                                              Authentication authentication) {
        if (!code.matches(Department.CODE_PATTERN)) {
            throw ApiException.badParameter("code", "'" + Params.clip(code) + "' is not a department code like urban_mgmt_bureau");
        }
        return ok(service.updateDepartment(code, body, ifMatch, actor(request, authentication)));
    }

    @Post(uri = "/departments", consumes = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> createDepartment(HttpRequest<?> request, @Nullable @Body String body,
                                                              Authentication authentication) {
        TaxonomyService.Edited e = service.createDepartment(body, actor(request, authentication));
        return HttpResponse.created(e.json(), URI.create("/api/departments/" + e.json().get("code")))
                .header(HttpHeaders.ETAG, "\"" + e.version() + "\"");
    }

    private static HttpResponse<Map<String, Object>> ok(TaxonomyService.Edited e) {
        return HttpResponse.ok(e.json()).header(HttpHeaders.ETAG, "\"" + e.version() + "\"");
    }

    private static TaxonomyService.Actor actor(HttpRequest<?> request, Authentication authentication) {
        String role = authentication.getRoles().stream().findFirst().orElse(null);
        return new TaxonomyService.Actor(authentication.getName(), role,
                request.getRemoteAddress().getAddress().getHostAddress());
    }
}
