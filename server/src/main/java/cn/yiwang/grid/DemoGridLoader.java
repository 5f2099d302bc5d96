package cn.yiwang.grid;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.yiwang.data.GridGenerator;
import cn.yiwang.data.GridRecord;
import cn.yiwang.security.AuditLog;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.annotation.Order;
import jakarta.inject.Singleton;

/**
 * At start-up, when the grid table is empty and {@code yiwang.grids.load-demo-data} is on, loads the
 * generated Erqi (二七区) hierarchy once; then builds the in-memory grid index.
 */
@Singleton
@Order(10)
public class DemoGridLoader implements ApplicationEventListener<StartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(DemoGridLoader.class);

    private final GridRepository repository;
    private final GridService service;
    private final GridsConfiguration config;
    private final AuditLog audit;

    public DemoGridLoader(GridRepository repository, GridService service, GridsConfiguration config, AuditLog audit) {
        this.repository = repository;
        this.service = service;
        this.config = config;
        this.audit = audit;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        if (config.loadDemoData() && repository.countCurrent() == 0) {
            long t0 = System.nanoTime();
            boolean city = "city".equals(config.demoDataset());
            if (!city && !"erqi".equals(config.demoDataset())) {
                throw new IllegalStateException("yiwang.grids.demo-dataset must be erqi or city, got " + config.demoDataset());
            }
            List<GridRecord> grids = city ? GridGenerator.city(GridGenerator.DEFAULT_SEED) : GridGenerator.erqi(GridGenerator.DEFAULT_SEED);
            long t1 = System.nanoTime();
            repository.insertAll(grids);
            audit.record("system", null, "grid.import", city ? "city:4101" : "district:410103", null,
                    java.util.Map.of("source", "generated demo (GridGenerator." + config.demoDataset() + ")", "seed", GridGenerator.DEFAULT_SEED, "grids", grids.size()));
            LOG.info("Loaded the generated {} demo grids: {} grids (generated in {} ms, stored in {} ms)",
                    config.demoDataset(), grids.size(), (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
        }
        service.reload();
    }
}
