package cn.yiwang.category;

import java.util.List;
import java.util.Map;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Params;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

/**
 * Read API of the taxonomy, for any logged-in user (dispatchers pick categories and canned
 * replies, grid workers report, departments see what is theirs):
 * <ul>
 *   <li>{@code GET /api/categories}: {@code {topCategories: [{code, nameZh, description, replies,
 *       …, subCategories: [{code, topCode, group, nameZh, description, deadline {amount, unit},
 *       selfHandle, urgency, locationRequired, departments {street, district}, keywords, replies,
 *       active, sortOrder, version, source, updatedBy, updatedAt}]}], topCategoryCount,
 *       subCategoryCount}}, inactive ones included (with {@code active: false});</li>
 *   <li>{@code GET /api/categories/{code}}: one sub-category or top category, with its
 *       {@code ETag} (its version) for a later {@code If-Match};</li>
 *   <li>{@code GET /api/departments} and {@code GET /api/departments/{code}}: code, nameZh, level,
 *       description, active, version, …</li>
 * </ul>
 */
@Controller("/api")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class CategoryController {

    private final TaxonomyService service;

    public CategoryController(TaxonomyService service) {
        this.service = service;
    }

    @Get("/categories")
    public Map<String, Object> tree() {
        return TaxonomyJson.tree(service.snapshot());
    }

    @Get("/categories/{code}")
    public HttpResponse<Map<String, Object>> one(@PathVariable String code) {
        Taxonomy t = service.snapshot();
        if (code.matches(Category.CODE_PATTERN)) {
            Category c = t.subCategory(code).orElseThrow(() -> ApiException.notFound("No category with code " + code + "."));
            return HttpResponse.ok(TaxonomyJson.category(c, t)).header("ETag", etag(c.revision()));
        }
        if (code.matches(TopCategory.CODE_PATTERN)) {
            TopCategory top = t.top(code).orElseThrow(() -> ApiException.notFound("No category with code " + code + "."));
            Map<String, Object> m = TaxonomyJson.top(top);
            m.put("subCategories", t.subCategoriesOf(code).stream().map(c -> TaxonomyJson.category(c, t)).toList());
            return HttpResponse.ok(m).header("ETag", etag(top.revision()));
        }
        throw ApiException.badParameter("code", "'" + Params.clip(code) + "' is not a category code like SRHJ or SRHJ-01");
    }

    @Get("/departments")
    public List<Map<String, Object>> departments() {
        return service.departments().stream().map(TaxonomyJson::department).toList();
    }

    @Get("/departments/{code}")
    public HttpResponse<Map<String, Object>> department(@PathVariable String code) {
        if (!code.matches(Department.CODE_PATTERN)) {
            throw ApiException.badParameter("code", "'" + Params.clip(code) + "' is not a department code like urban_mgmt_bureau");
        }
        Department d = service.snapshot().department(code)
                .orElseThrow(() -> ApiException.notFound("No department with code " + code + "."));
        return HttpResponse.ok(TaxonomyJson.department(d)).header("ETag", etag(d.revision()));
    }

    static String etag(Revision r) {
        return "\"" + r.version() + "\"";
    }
}
