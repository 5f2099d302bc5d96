package cn.yiwang.category;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import cn.yiwang.calendar.Deadline;

/**
 * Reads and validates taxonomy JSON, already parsed into plain Java values ({@code Map},
 * {@code List}, {@code Number}, {@code String}, {@code Boolean}, null): the data files at start-up
 * and the admin API's bodies. Both go through the same field rules, so a file the loader accepts
 * is exactly what the API would accept.
 *
 * <p>Rules: codes as in {@link Category#CODE_PATTERN}, {@link TopCategory#CODE_PATTERN},
 * {@link Department#CODE_PATTERN}, unique, a sub-category's code starting with its top code;
 * names 1–{@value #MAX_NAME} characters, descriptions and replies up to {@value #MAX_TEXT},
 * keywords 1–{@value #MAX_KEYWORD} each and at most {@value #MAX_KEYWORDS}; no text may contain
 * markup ({@code <} followed by a letter, {@code /}, {@code !} or {@code ?}) or control
 * characters other than line breaks; deadline amount 1–{@value Deadline#MAX_AMOUNT} in a known
 * unit; both dispatch levels name a known department (and, through the API, an active one); reply
 * states are the {@link ReplyState} keys. Edits are partial: a field left out keeps its value; a
 * reply set to null falls back to the top category's; unknown fields are rejected, so a typo is
 * never silently ignored.
 *
 * <p>Every problem is an {@link Issue} with the RFC 6901 pointer of the offending member and a
 * message naming the bad value. A result has either a value or issues. Pure; thread-safe.
 */
public final class TaxonomyReader {

    public static final int MAX_NAME = 50;
    public static final int MAX_TEXT = 500;
    public static final int MAX_KEYWORD = 30;
    public static final int MAX_KEYWORDS = 20;

    private static final Pattern MARKUP = Pattern.compile("<\\s*[A-Za-z/!?]");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\n\\r\\t]]");

    /** One problem, at an RFC 6901 pointer into the input. */
    public record Issue(String pointer, String detail) {
    }

    /** Either a value or issues. */
    public record Result<T>(T value, List<Issue> issues) {
        public boolean ok() {
            return issues.isEmpty();
        }
    }

    /** The content of {@code categories.json}. */
    public record Categories(List<TopCategory> tops, List<Category> subs) {
    }

    static final Set<String> SUB_FIELDS = Set.of("code", "topCode", "nameZh", "description", "deadline", "selfHandle",
            "urgency", "locationRequired", "departments", "keywords", "replies", "active");
    /** Fields the API shows but does not take: ignored in a body so a GET result can be sent back. */
    static final Set<String> SUB_READ_ONLY = Set.of("group", "version", "source", "updatedBy", "updatedAt", "sortOrder");
    static final Set<String> TOP_FIELDS = Set.of("code", "nameZh", "description", "replies");
    static final Set<String> TOP_READ_ONLY = Set.of("version", "source", "updatedBy", "updatedAt", "sortOrder",
            "subCategories");
    static final Set<String> DEPARTMENT_FIELDS = Set.of("code", "nameZh", "level", "description", "active");

    private final List<Issue> issues = new ArrayList<>();

    private TaxonomyReader() {
    }

    // ---- data files

    /** {@code departments.json}: {@code {"departments": [ … ]}}. */
    public static Result<List<Department>> departmentsFile(Object json) {
        TaxonomyReader r = new TaxonomyReader();
        List<Department> out = new ArrayList<>();
        List<?> items = r.listMember(json, "departments");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String at = "/departments/" + i;
            Map<?, ?> m = r.object(items.get(i), at);
            if (m == null) {
                continue;
            }
            r.unknownFields(m, at, DEPARTMENT_FIELDS, Set.of());
            if (m.get("code") instanceof String code && !seen.add(code)) {
                r.issue(at + "/code", "'" + code + "' is listed twice");
                continue;
            }
            Department d = r.department(m, at, null);
            if (d != null) {
                out.add(d);
            }
        }
        return r.result(out);
    }

    /**
     * {@code categories.json}: {@code {"topCategories": [{…, "subCategories": [ … ]}]}}. Top
     * categories must have a reply for every state, so every sub-category has a full set.
     *
     * @param departmentCodes the departments sub-categories may name
     */
    public static Result<Categories> categoriesFile(Object json, Set<String> departmentCodes) {
        TaxonomyReader r = new TaxonomyReader();
        List<TopCategory> tops = new ArrayList<>();
        List<Category> subs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<?> items = r.listMember(json, "topCategories");
        for (int i = 0; i < items.size(); i++) {
            String at = "/topCategories/" + i;
            Map<?, ?> m = r.object(items.get(i), at);
            if (m == null) {
                continue;
            }
            r.unknownFields(m, at, TOP_FIELDS, Set.of("subCategories"));
            int before = r.issues.size();
            String code = r.code(m.get("code"), at + "/code", TopCategory.CODE_PATTERN, "2–8 capital letters (SRHJ)");
            String name = r.text(m.get("nameZh"), at + "/nameZh", MAX_NAME, true);
            String description = r.text(m.get("description"), at + "/description", MAX_TEXT, true);
            Map<ReplyState, String> replies = r.replies(m.get("replies"), at + "/replies", Map.of(), true);
            if (code != null && !seen.add(code)) {
                r.issue(at + "/code", "'" + code + "' is used twice");
            }
            if (r.issues.size() == before) {
                tops.add(new TopCategory(code, name, description, replies, i + 1, Revision.UNSTORED));
            }
            List<?> children = r.list(m.get("subCategories"), at + "/subCategories", true);
            for (int j = 0; j < children.size(); j++) {
                String subAt = at + "/subCategories/" + j;
                Map<?, ?> s = r.object(children.get(j), subAt);
                if (s == null) {
                    continue;
                }
                r.unknownFields(s, subAt, SUB_FIELDS, Set.of());
                String subCode = r.code(s.get("code"), subAt + "/code", Category.CODE_PATTERN,
                        "its top code, '-', two or three digits (SRHJ-01)");
                if (subCode != null && code != null && !subCode.startsWith(code + "-")) {
                    r.issue(subAt + "/code", "'" + subCode + "' must start with its top code " + code + "-");
                    subCode = null;
                }
                if (subCode != null && !seen.add(subCode)) {
                    r.issue(subAt + "/code", "'" + subCode + "' is used twice");
                    subCode = null;
                }
                Category c = r.sub(s, subAt, null, subCode, code, j + 1, departmentCodes::contains, true);
                if (c != null) {
                    subs.add(c);
                }
            }
        }
        return r.result(new Categories(tops, subs));
    }

    // ---- API bodies

    /** A partial edit of {@code current}; departments must exist and be active. */
    public static Result<Category> categoryEdit(Object body, Category current, Taxonomy taxonomy) {
        TaxonomyReader r = new TaxonomyReader();
        Map<?, ?> m = r.object(body, "");
        if (m == null) {
            return r.result(null);
        }
        r.unknownFields(m, "", SUB_FIELDS, SUB_READ_ONLY);
        r.sameValue(m, "code", current.code());
        r.sameValue(m, "topCode", current.topCode());
        Category c = r.sub(m, "", current, current.code(), current.topCode(), current.sortOrder(), activeDepartment(taxonomy), false);
        return r.result(c);
    }

    /**
     * A new sub-category: {@code topCode}, {@code nameZh}, {@code deadline} and both
     * {@code departments} are required; {@code code} defaults to the next free number of its top
     * category; description "", selfHandle false, urgency normal, locationRequired true, no
     * keywords, no own replies, active.
     */
    public static Result<Category> newCategory(Object body, Taxonomy taxonomy) {
        TaxonomyReader r = new TaxonomyReader();
        Map<?, ?> m = r.object(body, "");
        if (m == null) {
            return r.result(null);
        }
        r.unknownFields(m, "", SUB_FIELDS, SUB_READ_ONLY);
        String topCode = r.code(m.get("topCode"), "/topCode", TopCategory.CODE_PATTERN, "an existing top category code");
        if (topCode != null && taxonomy.top(topCode).isEmpty()) {
            r.issue("/topCode", "'" + topCode + "' is not a top category; there are " + String.join(", ",
                    taxonomy.tops().stream().map(TopCategory::code).toList()));
            topCode = null;
        }
        String code = null;
        if (m.get("code") != null) {
            code = r.code(m.get("code"), "/code", Category.CODE_PATTERN, "its top code, '-', two or three digits (SRHJ-08)");
            if (code != null && topCode != null && !code.startsWith(topCode + "-")) {
                r.issue("/code", "'" + code + "' must start with its top code " + topCode + "-");
                code = null;
            }
        } else if (topCode != null) {
            code = nextCode(topCode, taxonomy);
        }
        int sortOrder = topCode == null ? 0
                : taxonomy.subCategoriesOf(topCode).stream().mapToInt(Category::sortOrder).max().orElse(0) + 1;
        Category c = r.sub(m, "", null, code, topCode, sortOrder, activeDepartment(taxonomy), false);
        return r.result(c);
    }

    /** A partial edit of a top category: nameZh, description, replies. */
    public static Result<TopCategory> topEdit(Object body, TopCategory current) {
        TaxonomyReader r = new TaxonomyReader();
        Map<?, ?> m = r.object(body, "");
        if (m == null) {
            return r.result(null);
        }
        r.unknownFields(m, "", TOP_FIELDS, TOP_READ_ONLY);
        r.sameValue(m, "code", current.code());
        String name = m.containsKey("nameZh") ? r.text(m.get("nameZh"), "/nameZh", MAX_NAME, true) : current.nameZh();
        String description = m.containsKey("description") ? r.text(m.get("description"), "/description", MAX_TEXT, true)
                : current.description();
        Map<ReplyState, String> replies = m.containsKey("replies") ? r.replies(m.get("replies"), "/replies", current.replies(), false)
                : current.replies();
        if (replies != null && replies.size() < ReplyState.values().length) {
            r.issue("/replies", "a top category needs a reply for every state: " + Keyed.keys(ReplyState.class));
        }
        return r.result(new TopCategory(current.code(), name, description, replies == null ? Map.of() : replies,
                current.sortOrder(), current.revision()));
    }

    /** A partial edit of a department: nameZh, level, description, active. */
    public static Result<Department> departmentEdit(Object body, Department current) {
        TaxonomyReader r = new TaxonomyReader();
        Map<?, ?> m = r.object(body, "");
        if (m == null) {
            return r.result(null);
        }
        r.unknownFields(m, "", DEPARTMENT_FIELDS, Set.of("version", "source", "updatedBy", "updatedAt"));
        r.sameValue(m, "code", current.code());
        return r.result(r.department(m, "", current));
    }

    /** A new department: code, nameZh and level required; description "", active. */
    public static Result<Department> newDepartment(Object body, Taxonomy taxonomy) {
        TaxonomyReader r = new TaxonomyReader();
        Map<?, ?> m = r.object(body, "");
        if (m == null) {
            return r.result(null);
        }
        r.unknownFields(m, "", DEPARTMENT_FIELDS, Set.of("version", "source", "updatedBy", "updatedAt"));
        Department d = r.department(m, "", null);
        return r.result(d);
    }

    /** The next free code of a top category: one more than its highest number, at least two digits. */
    static String nextCode(String topCode, Taxonomy taxonomy) {
        int max = taxonomy.subCategories().stream().map(Category::code).filter(c -> c.startsWith(topCode + "-"))
                .mapToInt(c -> Integer.parseInt(c.substring(topCode.length() + 1))).max().orElse(0);
        return String.format("%s-%02d", topCode, max + 1);
    }

    private static Predicate<String> activeDepartment(Taxonomy taxonomy) {
        return code -> taxonomy.department(code).map(Department::active).orElse(false);
    }

    // ---- records

    private Department department(Map<?, ?> m, String at, Department base) {
        int before = issues.size();
        String code = base != null ? base.code()
                : code(m.get("code"), at + "/code", Department.CODE_PATTERN, "2–40 lower-case letters, digits and _");
        String name = base != null && !m.containsKey("nameZh") ? base.nameZh() : text(m.get("nameZh"), at + "/nameZh", MAX_NAME, true);
        Department.Level level = base != null && !m.containsKey("level") ? base.level()
                : choice(m.get("level"), at + "/level", Department.Level.class, true);
        String description = base != null && !m.containsKey("description") ? base.description()
                : m.get("description") == null && base == null ? "" : text(m.get("description"), at + "/description", MAX_TEXT, true);
        Boolean active = base != null && !m.containsKey("active") ? Boolean.valueOf(base.active())
                : m.get("active") == null && base == null ? Boolean.TRUE : bool(m.get("active"), at + "/active");
        if (issues.size() > before) {
            return null;
        }
        return new Department(code, name, level, description, active, base == null ? Revision.UNSTORED : base.revision());
    }

    /**
     * A sub-category from {@code m}; with a {@code base} every field is optional and defaults to
     * the base's; without one, {@code strict} (data files) requires every field but replies and
     * active, and otherwise (API create) only nameZh, deadline and departments.
     */
    private Category sub(Map<?, ?> m, String at, Category base, String code, String topCode, int sortOrder,
                         Predicate<String> departmentOk, boolean strict) {
        int before = issues.size();
        boolean create = base == null;
        String name = has(m, "nameZh", base) ? text(m.get("nameZh"), at + "/nameZh", MAX_NAME, true) : base.nameZh();
        String description;
        if (strict) {
            description = text(m.get("description"), at + "/description", MAX_TEXT, true);
        } else if (m.containsKey("description")) {
            description = m.get("description") == null ? "" : text(m.get("description"), at + "/description", MAX_TEXT, false);
        } else {
            description = create ? "" : base.description();
        }
        Deadline deadline = has(m, "deadline", base) ? deadline(m.get("deadline"), at + "/deadline") : base.deadline();
        Boolean selfHandle = field(m, "selfHandle", base, strict, Boolean.FALSE, () -> bool(m.get("selfHandle"), at + "/selfHandle"),
                Category::selfHandle);
        Urgency urgency = field(m, "urgency", base, strict, Urgency.NORMAL,
                () -> choice(m.get("urgency"), at + "/urgency", Urgency.class, true), Category::urgency);
        Boolean locationRequired = field(m, "locationRequired", base, strict, Boolean.TRUE,
                () -> bool(m.get("locationRequired"), at + "/locationRequired"), Category::locationRequired);
        Map<DispatchLevel, String> departments = has(m, "departments", base)
                ? departments(m.get("departments"), at + "/departments", create ? Map.of() : base.departments(), departmentOk)
                : base.departments();
        List<String> keywords = field(m, "keywords", base, strict, List.of(), () -> keywords(m.get("keywords"), at + "/keywords", strict),
                Category::keywords);
        Map<ReplyState, String> replies = m.containsKey("replies")
                ? replies(m.get("replies"), at + "/replies", create ? Map.of() : base.replies(), false)
                : create ? Map.of() : base.replies();
        Boolean active = field(m, "active", base, false, Boolean.TRUE, () -> bool(m.get("active"), at + "/active"), Category::active);
        if (issues.size() > before || code == null || topCode == null) {
            return null;
        }
        return new Category(code, topCode, name, description, deadline, selfHandle, urgency, locationRequired, departments,
                keywords, replies, active, sortOrder, create ? Revision.UNSTORED : base.revision());
    }

    /** Whether a field must be read: present in the body, or required because there is no base. */
    private static boolean has(Map<?, ?> m, String field, Object base) {
        return m.containsKey(field) || base == null;
    }

    private <T> T field(Map<?, ?> m, String name, Category base, boolean strict, T createDefault,
                        java.util.function.Supplier<T> read, java.util.function.Function<Category, T> fromBase) {
        if (m.containsKey(name) || (base == null && strict)) {
            return read.get();
        }
        return base == null ? createDefault : fromBase.apply(base);
    }

    // ---- fields

    private Deadline deadline(Object value, String at) {
        Map<?, ?> m = object(value, at);
        if (m == null) {
            return null;
        }
        unknownFields(m, at, Set.of("amount", "unit"), Set.of());
        Object amount = m.get("amount");
        Integer n = null;
        if (!(amount instanceof Number num) || num.doubleValue() != Math.rint(num.doubleValue()) || Double.isInfinite(num.doubleValue())) {
            issue(at + "/amount", describe(amount) + " is not a whole number");
        } else if (num.doubleValue() < 1 || num.doubleValue() > Deadline.MAX_AMOUNT) {
            issue(at + "/amount", describe(amount) + " is out of range 1–" + Deadline.MAX_AMOUNT);
        } else {
            n = num.intValue();
        }
        Deadline.Unit unit = null;
        if (!(m.get("unit") instanceof String s)) {
            issue(at + "/unit", "is required: one of " + Deadline.Unit.keys());
        } else {
            try {
                unit = Deadline.Unit.fromKey(s);
            } catch (IllegalArgumentException e) {
                issue(at + "/unit", "'" + clip(s) + "' is not a unit; use " + Deadline.Unit.keys());
            }
        }
        return n == null || unit == null ? null : new Deadline(n, unit);
    }

    private Map<DispatchLevel, String> departments(Object value, String at, Map<DispatchLevel, String> base,
                                                   Predicate<String> departmentOk) {
        Map<?, ?> m = object(value, at);
        if (m == null) {
            return null;
        }
        Map<DispatchLevel, String> out = new EnumMap<>(DispatchLevel.class);
        out.putAll(base);
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String levelAt = at + "/" + escape(String.valueOf(e.getKey()));
            DispatchLevel level = DispatchLevel.fromKey(String.valueOf(e.getKey())).orElse(null);
            if (level == null) {
                issue(levelAt, "'" + clip(String.valueOf(e.getKey())) + "' is not a dispatch level; use " + Keyed.keys(DispatchLevel.class));
                continue;
            }
            if (!(e.getValue() instanceof String code)) {
                issue(levelAt, "must be a department code, not " + describe(e.getValue()));
            } else if (!departmentOk.test(code)) {
                issue(levelAt, "'" + clip(code) + "' is not a known active department");
            } else {
                out.put(level, code);
            }
        }
        for (DispatchLevel level : DispatchLevel.values()) {
            if (!out.containsKey(level) && !m.containsKey(level.key())) {
                issue(at + "/" + level.key(), "is required: the department handling it when dispatched at " + level.key() + " level");
            }
        }
        return out;
    }

    private List<String> keywords(Object value, String at, boolean required) {
        List<?> items = list(value, at, true);
        List<String> out = new ArrayList<>();
        if (items.size() > MAX_KEYWORDS) {
            issue(at, "has " + items.size() + " keywords; at most " + MAX_KEYWORDS);
            return out;
        }
        if (required && items.isEmpty() && value instanceof List) {
            issue(at, "needs at least one keyword");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String k = text(items.get(i), at + "/" + i, MAX_KEYWORD, true);
            if (k != null && k.contains(",")) {
                issue(at + "/" + i, "'" + clip(k) + "' must not contain a comma (Open311 joins keywords with commas)");
            } else if (k != null && seen.add(k)) {
                out.add(k);
            }
        }
        return out;
    }

    private Map<ReplyState, String> replies(Object value, String at, Map<ReplyState, String> base, boolean allRequired) {
        if (value == null && !allRequired) {
            return Map.of();
        }
        Map<?, ?> m = object(value, at);
        if (m == null) {
            return null;
        }
        Map<ReplyState, String> out = new EnumMap<>(ReplyState.class);
        out.putAll(base);
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String stateAt = at + "/" + escape(String.valueOf(e.getKey()));
            ReplyState state = ReplyState.fromKey(String.valueOf(e.getKey())).orElse(null);
            if (state == null) {
                issue(stateAt, "'" + clip(String.valueOf(e.getKey())) + "' is not a workflow state; use " + Keyed.keys(ReplyState.class));
            } else if (e.getValue() == null) {
                out.remove(state);
            } else {
                String text = text(e.getValue(), stateAt, MAX_TEXT, true);
                if (text != null) {
                    out.put(state, text);
                }
            }
        }
        if (allRequired) {
            for (ReplyState s : ReplyState.values()) {
                if (!out.containsKey(s)) {
                    issue(at + "/" + s.key(), "is required");
                }
            }
        }
        return out;
    }

    private String code(Object value, String at, String pattern, String shape) {
        if (!(value instanceof String s)) {
            issue(at, value == null ? "is required: " + shape : "must be a string, not " + describe(value));
            return null;
        }
        if (!s.matches(pattern)) {
            issue(at, "'" + clip(s) + "' is not a valid code: " + shape);
            return null;
        }
        return s;
    }

    private String text(Object value, String at, int max, boolean required) {
        if (value == null) {
            if (required) {
                issue(at, "is required");
            }
            return null;
        }
        if (!(value instanceof String s)) {
            issue(at, "must be a string, not " + describe(value));
            return null;
        }
        String t = s.strip();
        if (required && t.isEmpty()) {
            issue(at, "must not be empty");
            return null;
        }
        int length = t.codePointCount(0, t.length());
        if (length > max) {
            issue(at, "is " + length + " characters long; at most " + max);
            return null;
        }
        if (MARKUP.matcher(t).find()) {
            issue(at, "must not contain markup such as <script>");
            return null;
        }
        if (CONTROL.matcher(t).find()) {
            issue(at, "must not contain control characters");
            return null;
        }
        return t;
    }

    private Boolean bool(Object value, String at) {
        if (!(value instanceof Boolean b)) {
            issue(at, "must be true or false, not " + describe(value));
            return null;
        }
        return b;
    }

    private <E extends Enum<E>> E choice(Object value, String at, Class<E> type, boolean required) {
        if (value == null && !required) {
            return null;
        }
        E e = value instanceof String s ? Keyed.fromKey(type, s).orElse(null) : null;
        if (e == null) {
            issue(at, (value == null ? "is required" : describe(value) + " is not allowed") + ": use one of " + Keyed.keys(type));
        }
        return e;
    }

    private void sameValue(Map<?, ?> m, String field, String expected) {
        if (m.containsKey(field) && !expected.equals(m.get(field))) {
            issue("/" + field, describe(m.get(field)) + " differs from " + expected + "; " + field + " cannot be changed");
        }
    }

    private void unknownFields(Map<?, ?> m, String at, Set<String> fields, Set<String> ignored) {
        for (Object key : m.keySet()) {
            String k = String.valueOf(key);
            if (!fields.contains(k) && !ignored.contains(k)) {
                issue(at + "/" + escape(k), "is not a known field; use " + String.join(", ", fields.stream().sorted().toList()));
            }
        }
    }

    private Map<?, ?> object(Object value, String at) {
        if (!(value instanceof Map<?, ?> m)) {
            issue(at, (value == null ? "is required" : "must be an object, not " + describe(value)));
            return null;
        }
        return m;
    }

    private List<?> list(Object value, String at, boolean required) {
        if (value == null) {
            if (required) {
                issue(at, "is required");
            }
            return List.of();
        }
        if (!(value instanceof List<?> l)) {
            issue(at, "must be an array, not " + describe(value));
            return List.of();
        }
        return l;
    }

    private List<?> listMember(Object json, String member) {
        Map<?, ?> root = object(json, "");
        return root == null ? List.of() : list(root.get(member), "/" + member, true);
    }

    private void issue(String pointer, String detail) {
        issues.add(new Issue(pointer, detail));
    }

    private <T> Result<T> result(T value) {
        return issues.isEmpty() ? new Result<>(value, List.of()) : new Result<>(null, List.copyOf(issues));
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return "'" + clip(s) + "'";
        }
        if (v instanceof Map) {
            return "an object";
        }
        if (v instanceof List) {
            return "an array";
        }
        return String.valueOf(v);
    }

    private static String clip(String s) {
        String c = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return c.replaceAll("[\\p{Cntrl}]", "?");
    }
}
