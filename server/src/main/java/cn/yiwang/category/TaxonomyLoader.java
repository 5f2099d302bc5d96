package cn.yiwang.category;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.io.ResourceResolver;
import io.micronaut.json.JsonMapper;
import cn.yiwang.security.AuditLog;
import jakarta.inject.Singleton;

/**
 * At start-up, seeds the taxonomy tables from the data files ({@link TaxonomyConfiguration}) and
 * loads the snapshot. Idempotent: new codes are inserted, rows the loader wrote earlier are
 * refreshed when the file changed, rows an admin edited or created are never touched; the counts
 * are logged, and audited when anything changed. An invalid file stops the start with every
 * problem listed by JSON pointer.
 */
@Singleton
@Order(5)
public class TaxonomyLoader implements ApplicationEventListener<StartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(TaxonomyLoader.class);

    private final TaxonomyConfiguration config;
    private final TaxonomyRepository repository;
    private final TaxonomyService service;
    private final AuditLog audit;
    private final ResourceResolver resources;
    private final JsonMapper json;

    public TaxonomyLoader(TaxonomyConfiguration config, TaxonomyRepository repository, TaxonomyService service, AuditLog audit,
                          ResourceResolver resources, JsonMapper json) {
        this.config = config;
        this.repository = repository;
        this.service = service;
        this.audit = audit;
        this.resources = resources;
        this.json = json;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        if (config.loadOnStartup()) {
            load();
        }
        service.reload();
    }

    /** Reads, validates and seeds; returns what it did. */
    public TaxonomyRepository.SeedCounts load() {
        var departments = TaxonomyReader.departmentsFile(read(config.departmentsFile()));
        check(departments, config.departmentsFile());
        Set<String> codes = departments.value().stream().map(Department::code).collect(Collectors.toSet());
        var categories = TaxonomyReader.categoriesFile(read(config.categoriesFile()), codes);
        check(categories, config.categoriesFile());
        TaxonomyRepository.SeedCounts counts = repository.seed(departments.value(), categories.value());
        LOG.info("Taxonomy from {} and {}: departments {} new, {} refreshed, {} kept as edited; top categories {} new, "
                        + "{} refreshed, {} kept; sub-categories {} new, {} refreshed, {} kept",
                config.categoriesFile(), config.departmentsFile(), counts.departmentsInserted(), counts.departmentsRefreshed(),
                counts.departmentsKept(), counts.topsInserted(), counts.topsRefreshed(), counts.topsKept(),
                counts.categoriesInserted(), counts.categoriesRefreshed(), counts.categoriesKept());
        if (counts.changedAnything()) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("source", config.categoriesFile() + ", " + config.departmentsFile());
            detail.put("departments", Map.of("inserted", counts.departmentsInserted(), "refreshed", counts.departmentsRefreshed()));
            detail.put("topCategories", Map.of("inserted", counts.topsInserted(), "refreshed", counts.topsRefreshed()));
            detail.put("subCategories", Map.of("inserted", counts.categoriesInserted(), "refreshed", counts.categoriesRefreshed()));
            audit.record("system", null, "taxonomy.load", "taxonomy", null, detail);
        }
        return counts;
    }

    private static void check(TaxonomyReader.Result<?> result, String file) {
        if (!result.ok()) {
            throw new IllegalStateException("Invalid taxonomy file " + file + ":\n" + result.issues().stream()
                    .map(i -> "  " + (i.pointer().isEmpty() ? "(root)" : i.pointer()) + ": " + i.detail())
                    .collect(Collectors.joining("\n")));
        }
    }

    private Object read(String location) {
        String path = location.startsWith("classpath:") || location.startsWith("file:") ? location : "file:" + location;
        try (InputStream in = resources.getResourceAsStream(path)
                .orElseThrow(() -> new IllegalStateException("taxonomy file not found: " + location))) {
            return json.readValue(in.readAllBytes(), Object.class);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read taxonomy file " + location + ": " + e.getMessage(), e);
        }
    }
}
