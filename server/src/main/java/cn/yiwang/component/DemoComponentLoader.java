package cn.yiwang.component;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.yiwang.building.BuildingRepository;
import cn.yiwang.data.GridGenerator;
import cn.yiwang.grid.GridsConfiguration;
import cn.yiwang.security.AuditLog;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.annotation.Order;
import jakarta.inject.Singleton;

/**
 * At start-up in the demo configuration, when no component is stored and the current micro grids
 * are the generated Erqi ones, generates the demo components and service points of 二七区 once
 * ({@code demo-components.sql}: deterministic, every choice a hash of the grid code). Runs after
 * the demo buildings (order 15), whose compounds place the e-bike charging points.
 */
@Singleton
@Order(20)
public class DemoComponentLoader implements ApplicationEventListener<StartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(DemoComponentLoader.class);
    static final String SCRIPT = "/cn/yiwang/component/demo-components.sql";

    private final ComponentRepository repository;
    private final BuildingRepository buildings;
    private final AuditLog audit;
    private final boolean loadDemoData;

    public DemoComponentLoader(ComponentRepository repository, BuildingRepository buildings, AuditLog audit, GridsConfiguration grids) {
        this.repository = repository;
        this.buildings = buildings;
        this.audit = audit;
        this.loadDemoData = grids.loadDemoData();
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        if (!loadDemoData || repository.count() > 0) {
            return;
        }
        long[] micro = buildings.demoAndAllMicroGrids();
        if (micro[0] != GridGenerator.ERQI_MICRO_COUNT || micro[1] != GridGenerator.ERQI_MICRO_COUNT) {
            LOG.info("No demo components: the current micro grids are not the generated Erqi ones");
            return;
        }
        long t0 = System.nanoTime();
        repository.runScript(script(SCRIPT), "generating the demo components");
        long n = repository.count();
        audit.record("system", null, "component.import", "district:410103", null,
                Map.of("source", "generated demo (demo-components.sql over the Erqi micro grids)", "components", n));
        LOG.info("Generated the Erqi demo components and service points: {} components in {} ms", n, (System.nanoTime() - t0) / 1_000_000);
    }

    static String script(String resource) {
        try (InputStream in = DemoComponentLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not packaged");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("reading " + resource + " failed", e);
        }
    }
}
