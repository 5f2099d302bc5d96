package cn.yiwang.building;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.yiwang.data.BuildingGenerator;
import cn.yiwang.data.BuildingRecord;
import cn.yiwang.data.GridGenerator;
import cn.yiwang.grid.GridsConfiguration;
import cn.yiwang.security.AuditLog;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.annotation.Order;
import jakarta.inject.Singleton;

/**
 * At start-up, when the building table is empty and {@code yiwang.grids.load-demo-data} is on,
 * generates the demo buildings of 二七区 ({@link BuildingGenerator} over
 * {@code GridGenerator.erqi(DEFAULT_SEED)}) and stores them, once. Runs after
 * {@code DemoGridLoader} (order 10), and only when the current micro grids are the generated Erqi
 * ones (all {@value GridGenerator#ERQI_MICRO_COUNT} of them and nothing else): generated buildings
 * are meaningless over other (imported or city-wide) grids, so then it logs why and loads nothing.
 */
@Singleton
@Order(15)
public class DemoBuildingLoader implements ApplicationEventListener<StartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(DemoBuildingLoader.class);

    private final BuildingRepository repository;
    private final AuditLog audit;
    private final boolean loadDemoData;

    public DemoBuildingLoader(BuildingRepository repository, AuditLog audit, GridsConfiguration grids) {
        this.repository = repository;
        this.audit = audit;
        this.loadDemoData = grids.loadDemoData();
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        if (!loadDemoData || repository.count() > 0) {
            return;
        }
        long[] micro = repository.demoAndAllMicroGrids();
        if (micro[0] != GridGenerator.ERQI_MICRO_COUNT || micro[1] != GridGenerator.ERQI_MICRO_COUNT) {
            LOG.info("No demo buildings: the current micro grids are not the generated Erqi ones "
                    + "({} generated Erqi micro grids of {} in all)", micro[0], micro[1]);
            return;
        }
        long t0 = System.nanoTime();
        List<BuildingRecord> buildings = BuildingGenerator.generate(GridGenerator.erqi(GridGenerator.DEFAULT_SEED),
                GridGenerator.DEFAULT_SEED);
        long t1 = System.nanoTime();
        repository.insertGenerated(buildings);
        audit.record("system", null, "building.import", "district:410103", null,
                Map.of("source", "generated demo (BuildingGenerator over GridGenerator.erqi)",
                        "seed", GridGenerator.DEFAULT_SEED, "buildings", buildings.size()));
        LOG.info("Loaded the generated Erqi demo buildings: {} buildings (generated in {} ms, stored in {} ms)",
                buildings.size(), (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
    }
}
