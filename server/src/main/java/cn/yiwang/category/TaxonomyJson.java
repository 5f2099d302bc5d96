package cn.yiwang.category;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shape of the taxonomy in the API and in audit entries (camelCase, as the data files).
 * A sub-category's {@code replies} are resolved (its own, else its top category's), and a GET
 * result can be sent back in a PUT unchanged: read-only members (group, version, source,
 * updatedBy, updatedAt, sortOrder) are ignored there.
 */
public final class TaxonomyJson {

    private TaxonomyJson() {
    }

    public static Map<String, Object> tree(Taxonomy t) {
        List<Object> tops = new ArrayList<>();
        for (TopCategory top : t.tops()) {
            Map<String, Object> m = top(top);
            m.put("subCategories", t.subCategoriesOf(top.code()).stream().map(c -> category(c, t)).toList());
            tops.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("topCategories", tops);
        out.put("topCategoryCount", t.tops().size());
        out.put("subCategoryCount", t.subCategories().size());
        return out;
    }

    public static Map<String, Object> top(TopCategory top) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", top.code());
        m.put("nameZh", top.nameZh());
        m.put("description", top.description());
        m.put("replies", TaxonomyRepository.replies(top.replies()));
        m.put("sortOrder", top.sortOrder());
        revision(m, top.revision());
        return m;
    }

    public static Map<String, Object> category(Category c, Taxonomy t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", c.code());
        m.put("topCode", c.topCode());
        m.put("group", t.top(c.topCode()).map(TopCategory::nameZh).orElse(c.topCode()));
        m.put("nameZh", c.nameZh());
        m.put("description", c.description());
        m.put("deadline", deadline(c));
        m.put("selfHandle", c.selfHandle());
        m.put("urgency", c.urgency().key());
        m.put("locationRequired", c.locationRequired());
        Map<String, Object> departments = new LinkedHashMap<>();
        for (DispatchLevel level : DispatchLevel.values()) {
            departments.put(level.key(), c.departmentCode(level));
        }
        m.put("departments", departments);
        m.put("keywords", c.keywords());
        m.put("replies", TaxonomyRepository.replies(t.replies(c.code())));
        m.put("active", c.active());
        m.put("sortOrder", c.sortOrder());
        revision(m, c.revision());
        return m;
    }

    /** A sub-category as stored, for audit entries: own replies only, no revision. */
    static Map<String, Object> categoryAsStored(Category c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nameZh", c.nameZh());
        m.put("description", c.description());
        m.put("deadline", deadline(c));
        m.put("selfHandle", c.selfHandle());
        m.put("urgency", c.urgency().key());
        m.put("locationRequired", c.locationRequired());
        m.put("departments", Map.of(DispatchLevel.STREET.key(), c.departmentCode(DispatchLevel.STREET),
                DispatchLevel.DISTRICT.key(), c.departmentCode(DispatchLevel.DISTRICT)));
        m.put("keywords", c.keywords());
        m.put("replies", TaxonomyRepository.replies(c.replies()));
        m.put("active", c.active());
        return m;
    }

    static Map<String, Object> topAsStored(TopCategory t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nameZh", t.nameZh());
        m.put("description", t.description());
        m.put("replies", TaxonomyRepository.replies(t.replies()));
        return m;
    }

    static Map<String, Object> departmentAsStored(Department d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nameZh", d.nameZh());
        m.put("level", d.level().key());
        m.put("description", d.description());
        m.put("active", d.active());
        return m;
    }

    public static Map<String, Object> department(Department d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", d.code());
        m.putAll(departmentAsStored(d));
        revision(m, d.revision());
        return m;
    }

    private static Map<String, Object> deadline(Category c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("amount", c.deadline().amount());
        m.put("unit", c.deadline().unit().key());
        return m;
    }

    private static void revision(Map<String, Object> m, Revision r) {
        m.put("version", r.version());
        m.put("source", r.source());
        m.put("updatedBy", r.updatedBy());
        m.put("updatedAt", r.updatedAt().toString());
    }
}
