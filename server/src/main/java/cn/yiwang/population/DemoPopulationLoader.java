package cn.yiwang.population;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.yiwang.db.Transactions;
import cn.yiwang.grid.GridsConfiguration;
import cn.yiwang.population.place.PlaceRepository;
import cn.yiwang.population.status.CampaignRepository;
import cn.yiwang.security.AuditLog;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.annotation.Order;
import jakarta.inject.Singleton;

/**
 * At start-up with {@code yiwang.grids.load-demo-data}, after the demo buildings (order 15): derives
 * compounds and households from the buildings (once per building), loads the demo campaigns when none
 * exist, and, when no resident exists, generates the residents of the households under
 * {@code yiwang.population.demo-scope} ({@link DemoResidentGenerator}: fake names, test phone and ID
 * numbers) plus two for every three households registered to the same micro grids without a household (流动人口),
 * so that about 80 % are linked to a household in a compound.
 */
@Singleton
@Order(20)
public class DemoPopulationLoader implements ApplicationEventListener<StartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(DemoPopulationLoader.class);
    static final long SEED = 20261123L;
    /** The campaign whose demo statuses are seeded (every 20th household). */
    static final String DEMO_CAMPAIGN = "epidemic";

    private final DataSource dataSource;
    private final PlaceRepository places;
    private final ResidentRepository residents;
    private final CampaignRepository campaigns;
    private final PersonalDataCipher cipher;
    private final ResidentTags tags;
    private final PopulationConfiguration config;
    private final AuditLog audit;
    private final boolean loadDemoData;

    public DemoPopulationLoader(DataSource dataSource, PlaceRepository places, ResidentRepository residents, CampaignRepository campaigns,
                                PersonalDataCipher cipher, ResidentTags tags, PopulationConfiguration config, AuditLog audit,
                                GridsConfiguration grids) {
        this.dataSource = dataSource;
        this.places = places;
        this.residents = residents;
        this.campaigns = campaigns;
        this.cipher = cipher;
        this.tags = tags;
        this.config = config;
        this.audit = audit;
        this.loadDemoData = grids.loadDemoData();
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        if (!loadDemoData) {
            return;
        }
        long t0 = System.nanoTime();
        int[] made = Transactions.inTransaction(dataSource, "deriving compounds and households", places::generate);
        int campaignsLoaded = Transactions.inTransaction(dataSource, "loading demo campaigns", c -> {
            int n = campaigns.loadDemoIfEmpty(c);
            if (n > 0) {
                campaigns.seedDemoStatuses(c, DEMO_CAMPAIGN);
            }
            return n;
        });
        int people = Transactions.inTransaction(dataSource, "generating demo residents", c -> residents.count(c) > 0 ? 0 : generate(c));
        if (made[1] > 0 || people > 0 || campaignsLoaded > 0) {
            audit.record("system", null, "population.demo", "scope:" + config.demoScope(), null,
                    Map.of("compounds", made[0], "households", made[1], "residents", people, "campaigns", campaignsLoaded, "seed", SEED));
            LOG.info("Demo population: {} compounds, {} households, {} residents, {} campaigns in {} ms", made[0], made[1], people,
                    campaignsLoaded, (System.nanoTime() - t0) / 1_000_000);
        }
    }

    private int generate(Connection c) throws SQLException {
        List<DemoResidentGenerator.TagShare> shares = tags.all().stream()
                .map(t -> new DemoResidentGenerator.TagShare(t.code(), t.demoShare())).toList();
        List<ResidentRepository.NewResident> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT h.id, h.district_code, h.compound_id, h.micro_code, ST_X(h.geom), ST_Y(h.geom)
                FROM household h WHERE h.micro_code LIKE ? || '%' ORDER BY h.id""")) {
            ps.setString(1, config.demoScope());
            try (ResultSet rs = ps.executeQuery()) {
                int k = 0;
                while (rs.next()) {
                    long household = rs.getLong(1);
                    long compound = rs.getLong(3);
                    Long compoundId = rs.wasNull() ? null : compound;
                    String district = rs.getString(2);
                    String micro = rs.getString(4);
                    double lon = rs.getDouble(5);
                    double lat = rs.getDouble(6);
                    int size = DemoResidentGenerator.size(SEED, household);
                    for (int i = 0; i < size; i++) {
                        out.add(resident(household, i, district, household, compoundId, micro, lon, lat, shares, ids, List.of()));
                    }
                    // Two in three households have a registered non-resident (流动人口) in the same micro grid, slightly
                    // off the building: about 80 % of all residents are then linked to a household in a compound.
                    if (k++ % 3 != 0) {
                        out.add(resident(-household, 0, district, null, null, micro, lon + 0.0001, lat + 0.0001, shares, ids, List.of("floating")));
                    }
                }
            }
        }
        residents.insertAll(c, out);
        return out.size();
    }

    private ResidentRepository.NewResident resident(long key, int index, String district, Long household, Long compound, String micro,
                                                    double lon, double lat, List<DemoResidentGenerator.TagShare> shares, Set<String> ids,
                                                    List<String> extraTags) {
        DemoResidentGenerator.Person p = DemoResidentGenerator.person(SEED, key, index, shares);
        for (int attempt = 1; !ids.add(p.idNumber()); attempt++) {
            p = DemoResidentGenerator.person(SEED, key, index + 16 * attempt, shares);
        }
        List<String> allTags = new ArrayList<>(p.tags());
        extraTags.stream().filter(t -> !allTags.contains(t)).forEach(allTags::add);
        return new ResidentRepository.NewResident(district, household, compound, micro, p.name(), p.gender(), p.birthYear(),
                cipher.encrypt(p.phone()), ResidentMask.phone(p.phone()), cipher.encrypt(p.idNumber()), cipher.index(p.idNumber()),
                ResidentMask.idNumber(p.idNumber()), allTags, true, lon, lat);
    }
}
