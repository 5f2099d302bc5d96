package cn.yiwang.cases;

import java.util.Map;
import java.util.Optional;

import io.micronaut.core.annotation.Nullable;

/** What intake and the workflow need to know about a sub-category (from the 权责清单). */
public interface CategoryRules {

    /**
     * @param departmentByLevel grid level ({@code l1}, {@code district}) → department code that handles it there
     */
    record Rule(String code, String name, String topCode, String topName, boolean selfHandle, String defaultUrgency,
                boolean locationRequired, Map<String, String> departmentByLevel) {

        /** The department for a case dispatched at {@code level}, falling back to the nearest level that has one. */
        public @Nullable String departmentAt(String level) {
            String d = departmentByLevel.get(level);
            if (d != null) {
                return d;
            }
            for (String l : new String[] {"l1", "district", "l2"}) {
                if (departmentByLevel.containsKey(l)) {
                    return departmentByLevel.get(l);
                }
            }
            return null;
        }
    }

    Optional<Rule> rule(String subCategoryCode);

    Optional<String> departmentName(String departmentCode);

    boolean departmentExists(String departmentCode);
}
