package cn.yiwang.category;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code yiwang.taxonomy}: where the start-up loader reads the taxonomy from.
 *
 * @param categoriesFile  top and sub-categories ({@code classpath:…}, {@code file:…} or a path);
 *                        default the bundled {@code data/categories/categories.json}
 * @param departmentsFile departments; default the bundled {@code data/categories/departments.json}
 * @param loadOnStartup   seed the tables from the files at start-up (insert new codes, refresh rows
 *                        no admin has edited, never touch admin edits)
 */
@ConfigurationProperties("yiwang.taxonomy")
public record TaxonomyConfiguration(
        @Bindable(defaultValue = "classpath:categories/categories.json") String categoriesFile,
        @Bindable(defaultValue = "classpath:categories/departments.json") String departmentsFile,
        @Bindable(defaultValue = "true") boolean loadOnStartup) {
}
