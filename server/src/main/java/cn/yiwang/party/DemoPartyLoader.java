package cn.yiwang.party;

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
 * At start-up in the demo configuration, when no party organisation is stored and the current micro
 * grids are the generated Erqi ones, generates the demo party organisations, members, contact
 * households, organisation life and past volunteer tasks of 二七区 once ({@code demo-party.sql}).
 * Runs after the demo buildings, whose compounds the party groups sit on.
 */
@Singleton
@Order(21)
public class DemoPartyLoader implements ApplicationEventListener<StartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(DemoPartyLoader.class);
    static final String SCRIPT = "/cn/yiwang/party/demo-party.sql";

    private final PartyRepository repository;
    private final BuildingRepository buildings;
    private final AuditLog audit;
    private final boolean loadDemoData;

    public DemoPartyLoader(PartyRepository repository, BuildingRepository buildings, AuditLog audit, GridsConfiguration grids) {
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
        if (micro[0] != GridGenerator.ERQI_MICRO_COUNT || micro[1] != GridGenerator.ERQI_MICRO_COUNT || buildings.count() == 0) {
            LOG.info("No demo party organisations: the current micro grids are not the generated Erqi ones");
            return;
        }
        long t0 = System.nanoTime();
        repository.runScript(script(), "generating the demo party organisations");
        long n = repository.count();
        audit.record("system", null, "party.import", "district:410103", null,
                Map.of("source", "generated demo (demo-party.sql over the Erqi grids and compounds)", "organisations", n));
        LOG.info("Generated the Erqi demo party organisations: {} in {} ms", n, (System.nanoTime() - t0) / 1_000_000);
    }

    private static String script() {
        try (InputStream in = DemoPartyLoader.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is not packaged");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("reading " + SCRIPT + " failed", e);
        }
    }
}
