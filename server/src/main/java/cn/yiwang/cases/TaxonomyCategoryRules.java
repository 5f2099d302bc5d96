package cn.yiwang.cases;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import cn.yiwang.category.Category;
import cn.yiwang.category.Department;
import cn.yiwang.category.DispatchLevel;
import cn.yiwang.category.TaxonomyService;
import cn.yiwang.category.TopCategory;
import jakarta.inject.Singleton;

/** {@link CategoryRules} from the live taxonomy (admin edits apply to the next case at once). */
@Singleton
public class TaxonomyCategoryRules implements CategoryRules {

    private final TaxonomyService taxonomy;

    public TaxonomyCategoryRules(TaxonomyService taxonomy) {
        this.taxonomy = taxonomy;
    }

    @Override
    public Optional<Rule> rule(String subCategoryCode) {
        return taxonomy.subCategory(subCategoryCode).filter(Category::active).map(c -> {
            Map<String, String> byLevel = new LinkedHashMap<>();
            String street = c.departmentCode(DispatchLevel.STREET);
            String district = c.departmentCode(DispatchLevel.DISTRICT);
            if (street != null) {
                byLevel.put("l1", street);
            }
            if (district != null) {
                byLevel.put("district", district);
            }
            String topName = taxonomy.snapshot().top(c.topCode()).map(TopCategory::nameZh).orElse(null);
            return new Rule(c.code(), c.nameZh(), c.topCode(), topName, c.selfHandle(), c.urgency().key(), c.locationRequired(), byLevel);
        });
    }

    @Override
    public Optional<String> departmentName(String departmentCode) {
        return taxonomy.snapshot().department(departmentCode).map(Department::nameZh);
    }

    @Override
    public boolean departmentExists(String departmentCode) {
        return taxonomy.snapshot().department(departmentCode).filter(Department::active).isPresent();
    }
}
