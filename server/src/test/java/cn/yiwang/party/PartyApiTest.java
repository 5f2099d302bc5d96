package cn.yiwang.party;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.security.DemoUsers;
import cn.yiwang.testing.Http;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/**
 * The party organisation tree, coverage and member figures of the generated Erqi demo, checked
 * against expectations computed here from the raw tables (buildings, members) by other means than
 * the server's queries; member masking and scope per role, with the audit entries.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartyApiTest implements PostgisTest {

    static final String COMMUNITY = "410103001004";
    static final String STREET = "410103001";

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;
    Http http;
    String ops;
    String worker;
    String analyst;

    @BeforeAll
    void client() {
        http = new Http(server, json);
        ops = http.login("ops", DemoUsers.DEMO_PASSWORD);
        worker = http.login("worker", DemoUsers.DEMO_PASSWORD);
        analyst = http.login("analyst", DemoUsers.DEMO_PASSWORD);
    }

    /** compound → its micro grid by majority of buildings (smallest code on a tie), from the raw building rows. */
    private Map<String, String> compoundMicro(String prefix) throws SQLException {
        Map<String, Map<String, Integer>> votes = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT district_code || ':' || compound, micro_code FROM building WHERE compound IS NOT NULL AND micro_code IS NOT NULL")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    votes.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).merge(rs.getString(2), 1, Integer::sum);
                }
            }
        }
        Map<String, String> out = new HashMap<>();
        votes.forEach((compound, byMicro) -> {
            String best = null;
            int most = -1;
            for (Map.Entry<String, Integer> e : byMicro.entrySet()) { // TreeMap: ascending codes, so a tie keeps the smallest
                if (e.getValue() > most) {
                    best = e.getKey();
                    most = e.getValue();
                }
            }
            if (best.startsWith(prefix)) {
                out.put(compound, best);
            }
        });
        return out;
    }

    private List<String> groups() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT district_code || ':' || compound FROM party_org WHERE level = 'compound_group'");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void coverageOfEveryCommunityOfAStreetMatchesTheCompoundsCountedFromTheBuildings() throws SQLException {
        Map<String, String> micro = compoundMicro(STREET);
        List<String> groups = groups();
        Http.Response r = http.get("/api/party/figures?level=l2&scope=" + STREET, ops);
        assertEquals(200, r.status(), r.body());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> grids = (List<Map<String, Object>>) r.map().get("grids");
        assertTrue(grids.size() > 3, r.body());
        long streetCompounds = 0;
        long streetCovered = 0;
        for (Map<String, Object> g : grids) {
            String code = (String) g.get("code");
            long compounds = micro.values().stream().filter(m -> m.startsWith(code)).count();
            long covered = micro.entrySet().stream().filter(e -> e.getValue().startsWith(code) && groups.contains(e.getKey())).count();
            assertEquals(compounds, ((Number) g.get("compounds")).longValue(), code);
            assertEquals(covered, ((Number) g.get("compoundsCovered")).longValue(), code);
            if (compounds > 0) {
                assertEquals((double) covered / compounds, ((Number) g.get("coverage")).doubleValue(), 1e-4, code);
            }
            streetCompounds += compounds;
            streetCovered += covered;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> total = (Map<String, Object>) r.map().get("total");
        assertEquals(streetCompounds, ((Number) total.get("compounds")).longValue());
        assertEquals(streetCovered, ((Number) total.get("compoundsCovered")).longValue());
        // Not everything is covered in the demo (about 88 %), so the share means something.
        assertTrue(streetCovered < streetCompounds && streetCovered > streetCompounds / 2, streetCovered + " of " + streetCompounds);
    }

    @Test
    void theTreeOfACommunityHasOneBranchPerLevel3GridAndTheGroupsOfItsCompounds() throws SQLException {
        Http.Response r = http.get("/api/party/orgs?scope=" + COMMUNITY, worker);
        assertEquals(200, r.status(), r.body());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> roots = (List<Map<String, Object>>) r.map().get("roots");
        assertEquals(1, roots.size(), r.body());
        Map<String, Object> committee = roots.get(0);
        assertEquals("community_committee", committee.get("level"));
        assertEquals(COMMUNITY, committee.get("gridCode"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> branches = (List<Map<String, Object>>) committee.get("children");
        List<String> l3 = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT code FROM grid_current WHERE level = 'l3' AND parent_code = ? ORDER BY code")) {
            ps.setString(1, COMMUNITY);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    l3.add(rs.getString(1));
                }
            }
        }
        assertEquals(l3, branches.stream().map(b -> (String) b.get("gridCode")).sorted().toList());
        Map<String, String> micro = compoundMicro(COMMUNITY);
        List<String> groups = groups();
        int groupCount = 0;
        for (Map<String, Object> b : branches) {
            assertEquals("grid_branch", b.get("level"));
            assertEquals("网格党支部", b.get("levelName"));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> kids = (List<Map<String, Object>>) b.get("children");
            for (Map<String, Object> g : kids) {
                assertEquals("compound_group", g.get("level"));
                assertTrue(((String) g.get("gridCode")).startsWith((String) b.get("gridCode")), g + " under " + b.get("gridCode"));
                assertTrue(((Number) g.get("contactHouseholds")).intValue() > 0, g.toString());
            }
            groupCount += kids.size();
            assertTrue(((Number) b.get("members")).intValue() >= 12, b.toString());
        }
        long expected = micro.keySet().stream().filter(groups::contains).count();
        assertEquals(expected, groupCount);
    }

    @Test
    void memberFiguresOfAStreetEqualTheMembersCountedDirectly() throws SQLException {
        long members;
        long inService;
        long registered;
        double hours;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT count(*), count(*) FILTER (WHERE kind = 'in_service'), count(*) FILTER (WHERE kind = 'in_service' AND registered_on IS NOT NULL),
                       sum(service_hours) FROM party_member m JOIN party_org b ON b.id = m.branch_id WHERE b.grid_code LIKE ?""")) {
            ps.setString(1, STREET + "%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                members = rs.getLong(1);
                inService = rs.getLong(2);
                registered = rs.getLong(3);
                hours = rs.getDouble(4);
            }
        }
        Http.Response r = http.get("/api/party/figures?level=l1&scope=" + STREET, ops);
        @SuppressWarnings("unchecked")
        Map<String, Object> total = (Map<String, Object>) r.map().get("total");
        assertEquals(members, ((Number) total.get("members")).longValue());
        assertEquals(inService, ((Number) total.get("inServiceMembers")).longValue());
        assertEquals(registered, ((Number) total.get("registeredInService")).longValue());
        assertEquals(hours, ((Number) total.get("serviceHours")).doubleValue(), 0.05);
        assertTrue(registered < inService && registered > 0, registered + " of " + inService);
    }

    @Test
    void membersAreMaskedAndAnotherCommunitysMembersAreRefusedAndAudited() throws SQLException {
        Http.Response mine = http.get("/api/party/members?limit=5", worker);
        assertEquals(200, mine.status(), mine.body());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) mine.map().get("items");
        assertFalse(items.isEmpty());
        for (Map<String, Object> m : items) {
            assertTrue(((String) m.get("homeGrid")).startsWith(COMMUNITY));
            assertTrue(((String) m.get("name")).matches(".\\*+"), m.toString());
            assertTrue(((String) m.get("phone")).matches("100\\*{4}[0-9]{4}"), m.toString());
            assertEquals(true, m.get("masked"));
        }
        long before = audits("party.scope.denied", "worker");
        Http.Response other = http.get("/api/party/members?scope=410103002", worker);
        assertEquals(403, other.status(), other.body());
        assertTrue(other.contentType().startsWith("application/problem+json"));
        assertEquals(before + 1, audits("party.scope.denied", "worker"));

        long id = ((Number) items.get(0).get("id")).longValue();
        assertEquals(403, http.get("/api/party/members/" + id + "/contact", worker).status());
        assertEquals(403, http.get("/api/party/members?scope=" + COMMUNITY, analyst).status());
        long unmasked = audits("party.member.unmask", "ops");
        Http.Response open = http.get("/api/party/members/" + id + "/contact", ops);
        assertEquals(200, open.status(), open.body());
        assertEquals(false, open.map().get("masked"));
        assertTrue(((String) open.map().get("phone")).matches("100[0-9]{8}"), open.body());
        assertTrue(((String) open.map().get("name")).contains("演示"), open.body());
        assertEquals(unmasked + 1, audits("party.member.unmask", "ops"));
    }

    @Test
    void ratingsUseTheStoredWeightsAndTheBranchInputs() throws SQLException {
        Http.Response r = http.get("/api/party/ratings?scope=" + COMMUNITY, worker);
        assertEquals(200, r.status(), r.body());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) r.map().get("items");
        assertFalse(items.isEmpty());
        Map<String, Object> first = items.get(0);
        long branch = ((Number) first.get("id")).longValue();
        // Independent: the four inputs from the tables, weights 30/25/25/20 with targets 24, 1, 20, 0.9 (V25).
        double life;
        double reg;
        double hours;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT (SELECT org_life_sessions FROM party_branch_year WHERE branch_id = ? AND year = extract(year FROM now() AT TIME ZONE 'Asia/Shanghai')),
                       (SELECT count(*) FILTER (WHERE registered_on IS NOT NULL)::float / nullif(count(*), 0) FROM party_member WHERE branch_id = ? AND kind = 'in_service'),
                       (SELECT avg(service_hours) FROM party_member WHERE branch_id = ?)""")) {
            ps.setLong(1, branch);
            ps.setLong(2, branch);
            ps.setLong(3, branch);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                life = rs.getDouble(1);
                reg = rs.getDouble(2);
                hours = rs.getDouble(3);
            }
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> parts = (List<Map<String, Object>>) first.get("parts");
        Map<String, Object> byInput = new HashMap<>();
        parts.forEach(p -> byInput.put((String) p.get("input"), p));
        @SuppressWarnings("unchecked")
        Map<String, Object> done = (Map<String, Object>) byInput.get("task_completion");
        Double completion = done.get("value") == null ? null : ((Number) done.get("value")).doubleValue();
        double earned = 30 * Math.min(1, life / 24) + 25 * Math.min(1, reg) + 25 * Math.min(1, hours / 20)
                + (completion == null ? 0 : 20 * Math.min(1, completion / 0.9));
        double weights = completion == null ? 80 : 100;
        assertEquals(Math.round(1000 * earned / weights) / 10.0, ((Number) first.get("score")).doubleValue(), 0.11);
        assertNotNull(first.get("stars"));
    }

    @Test
    void compoundsAreGeoJsonWithTheirCoverage() throws SQLException {
        Http.Response r = http.get("/api/party/compounds?scope=" + COMMUNITY, worker);
        assertEquals(200, r.status(), r.body());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> features = (List<Map<String, Object>>) r.map().get("features");
        Map<String, String> micro = compoundMicro(COMMUNITY);
        assertEquals(micro.size(), features.size());
        List<String> groups = groups();
        @SuppressWarnings("unchecked")
        long covered = features.stream().filter(f -> Boolean.TRUE.equals(((Map<String, Object>) f.get("properties")).get("covered"))).count();
        assertEquals(micro.keySet().stream().filter(groups::contains).count(), covered);
        assertEquals(403, http.get("/api/party/compounds?scope=410103002", worker).status());
    }

    private long audits(String action, String actor) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM audit_log WHERE action = ? AND actor = ?")) {
            ps.setString(1, action);
            ps.setString(2, actor);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
