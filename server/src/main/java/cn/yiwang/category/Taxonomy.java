package cn.yiwang.category;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One immutable snapshot of the taxonomy: departments, top categories and sub-categories, each
 * list in display order (sort order, then code). Lookups are map reads; thread-safe.
 */
public final class Taxonomy {

    public static final Taxonomy EMPTY = new Taxonomy(List.of(), List.of(), List.of());

    private final Map<String, Department> departments;
    private final Map<String, TopCategory> tops;
    private final Map<String, Category> subs;

    public Taxonomy(List<Department> departments, List<TopCategory> tops, List<Category> subs) {
        this.departments = index(departments.stream().sorted(Comparator.comparing(Department::code)).toList(), Department::code);
        this.tops = index(tops.stream().sorted(Comparator.comparingInt(TopCategory::sortOrder).thenComparing(TopCategory::code))
                .toList(), TopCategory::code);
        this.subs = index(subs.stream()
                .sorted(Comparator.comparingInt((Category c) -> topOrder(c.topCode()))
                        .thenComparingInt(Category::sortOrder).thenComparing(Category::code))
                .toList(), Category::code);
    }

    private int topOrder(String topCode) {
        TopCategory t = tops.get(topCode);
        return t == null ? Integer.MAX_VALUE : t.sortOrder();
    }

    private static <T> Map<String, T> index(List<T> items, java.util.function.Function<T, String> key) {
        Map<String, T> m = new LinkedHashMap<>();
        for (T item : items) {
            if (m.put(key.apply(item), item) != null) {
                throw new IllegalArgumentException("duplicate code " + key.apply(item));
            }
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    public List<Department> departments() {
        return List.copyOf(departments.values());
    }

    public List<TopCategory> tops() {
        return List.copyOf(tops.values());
    }

    /** Every sub-category, active or not, top category by top category. */
    public List<Category> subCategories() {
        return List.copyOf(subs.values());
    }

    public List<Category> subCategoriesOf(String topCode) {
        List<Category> out = new ArrayList<>();
        for (Category c : subs.values()) {
            if (c.topCode().equals(topCode)) {
                out.add(c);
            }
        }
        return out;
    }

    public Optional<Department> department(String code) {
        return Optional.ofNullable(departments.get(code));
    }

    public Optional<TopCategory> top(String code) {
        return Optional.ofNullable(tops.get(code));
    }

    public Optional<Category> subCategory(String code) {
        return Optional.ofNullable(subs.get(code));
    }

    /** The department responsible for a sub-category at a dispatch level; empty for an unknown code. */
    public Optional<Department> departmentFor(String subCode, DispatchLevel level) {
        return subCategory(subCode).map(c -> departments.get(c.departmentCode(level)));
    }

    /** The Open311 group of a sub-category: its top category's Chinese name. */
    public Optional<String> group(String subCode) {
        return subCategory(subCode).flatMap(c -> top(c.topCode())).map(TopCategory::nameZh);
    }

    /**
     * A sub-category's canned replies for every state: its own, else its top category's; a state
     * neither has is missing.
     */
    public Map<ReplyState, String> replies(String subCode) {
        Map<ReplyState, String> out = new EnumMap<>(ReplyState.class);
        subCategory(subCode).ifPresent(c -> {
            top(c.topCode()).ifPresent(t -> out.putAll(t.replies()));
            out.putAll(c.replies());
        });
        return out;
    }

    public Optional<String> reply(String subCode, ReplyState state) {
        return Optional.ofNullable(replies(subCode).get(state));
    }
}
