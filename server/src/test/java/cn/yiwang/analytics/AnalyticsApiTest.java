package cn.yiwang.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.WKTReader;

import cn.yiwang.category.Category;
import cn.yiwang.category.TaxonomyService;
import cn.yiwang.security.DemoUsers;
import cn.yiwang.security.PasswordHasher;
import cn.yiwang.security.Role;
import cn.yiwang.security.UserRepository;
import cn.yiwang.testing.Http;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/**
 * The analytics API on the real PostGIS with the Erqi demo grids and a generated data set with known
 * answers, all reported in 2019 so no other test's cases (reported now) fall into the queries:
 * uniform noise over the district in four sub-categories, a planted hot spot (150 cases of one
 * sub-category within 100 m), a recurring spot (6 cases of another within 30 m over six months), a
 * category rising in the last 4 weeks before 2019-12-02, and one case routed to a grid it no longer
 * lies in. Expectations are computed here from the generated points with JTS and plain loops.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyticsApiTest implements PostgisTest {

    static final String TAG = "analytics-test";
    static final String YEAR = "\"time\":{\"field\":\"reported\",\"from\":\"2019-01-01T00:00:00Z\",\"to\":\"2020-01-01T00:00:00Z\"}";
    static final Instant START = Instant.parse("2019-01-01T00:00:00Z");
    static final Instant AS_OF = Instant.parse("2019-12-02T00:00:00Z");
    static final String SECRET_PHONE = "13800001111";

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;
    @Inject
    TaxonomyService taxonomy;
    @Inject
    UserRepository users;

    Http http;
    String analyst;
    String dispatcher;
    String communityAnalyst;
    String community;
    List<String> noiseCategories;
    String hotCategory;
    String recurringCategory;
    String risingCategory;
    Coordinate hot;
    Coordinate recurring;
    Set<String> recurringCodes = new HashSet<>();
    String routedCommunity;
    String locatedCommunity;
    /** Every generated case as stored after routing. */
    List<Row> rows = new ArrayList<>();

    record Row(long id, String code, String category, double lon, double lat, boolean closed, Integer satisfaction,
               String grid, String l1, String l2, Instant reportedAt) {
    }

    @BeforeAll
    void setUp() throws Exception {
        http = new Http(server, json);
        analyst = http.login("analyst", DemoUsers.DEMO_PASSWORD);
        dispatcher = http.login("dispatcher", DemoUsers.DEMO_PASSWORD);
        List<Category> subs = taxonomy.snapshot().subCategories();
        Map<String, List<Category>> byTop = subs.stream().collect(Collectors.groupingBy(Category::topCode, TreeMap::new, Collectors.toList()));
        List<String> tops = new ArrayList<>(byTop.keySet());
        noiseCategories = List.of(byTop.get(tops.get(0)).get(0).code(), byTop.get(tops.get(1)).get(0).code(),
                byTop.get(tops.get(2)).get(0).code(), byTop.get(tops.get(3)).get(0).code());
        hotCategory = byTop.get(tops.get(4)).get(0).code();
        recurringCategory = byTop.get(tops.get(5)).get(0).code();
        risingCategory = byTop.get(tops.get(6)).get(0).code();
        try (Connection c = dataSource.getConnection()) {
            List<String> communities = strings(c, "SELECT code FROM grid_current WHERE level = 'l2' AND parent_code = '410103001' ORDER BY code");
            community = communities.get(0);
            hot = pointOnSurface(c, communities.get(0));
            recurring = pointOnSurface(c, communities.get(communities.size() - 1));
            routedCommunity = communities.get(communities.size() - 1);
            locatedCommunity = communities.get(0);
            Coordinate rising = pointOnSurface(c, strings(c, "SELECT code FROM grid_current WHERE level = 'l2' AND parent_code = '410103003' ORDER BY code").get(0));
            double[] box = box(c, "410103");
            generate(c, box, rising);
            route(c);
            load(c);
        }
        users.insertIfAbsent("analyst_community", new PasswordHasher().hash(DemoUsers.DEMO_PASSWORD), Role.ANALYST, community,
                "社区分析员", false);
        communityAnalyst = http.login("analyst_community", DemoUsers.DEMO_PASSWORD);
    }

    /** The cluster is shared by every test class of the run: leave it as it was found. */
    @AfterAll
    void removeTheGeneratedCases() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM case_record WHERE created_by = ?")) {
            ps.setString(1, TAG);
            ps.executeUpdate();
        }
    }

    // ---------------------------------------------------------------------------------------- data

    /** The open cases' clock is paused: the supervision scan would otherwise flag them and add events, which keep them from being deleted. */
    void generate(Connection c, double[] box, Coordinate rising) throws SQLException {
        Random random = new Random(20190101);
        String sql = """
                INSERT INTO case_record (code, source, category_code, title, description, urgency, status, geom, created_by, created_at,
                  updated_at, dispatched_at, deadline_at, handled_at, closed_at, evaluated_at, satisfaction, reporter_name, reporter_phone,
                  paused_since)
                VALUES (?, ?, ?, '测试', ?, 'normal', ?, ST_SetSRID(ST_MakePoint(?, ?), 4326), ?, ?, ?, ?, ?, ?, ?, ?, ?, '王秘密', ?, now())""";
        String[] channels = {"patrol", "hotline_12345", "citizen_app"};
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int n = 0;
            // uniform noise over the district's box, all year
            for (int i = 0; i < 4000; i++) {
                add(ps, "AT-N" + i, channels[i % 3], noiseCategories.get(i % 4), box[0] + random.nextDouble() * (box[2] - box[0]),
                        box[1] + random.nextDouble() * (box[3] - box[1]), START.plusSeconds((long) (random.nextDouble() * 364 * 86400)), random);
                n++;
            }
            // the hot spot: 150 cases within 100 m of one point
            for (int i = 0; i < 150; i++) {
                double[] p = around(hot, 100, random);
                add(ps, "AT-H" + i, "patrol", hotCategory, p[0], p[1], START.plusSeconds((long) (random.nextDouble() * 364 * 86400)), random);
            }
            // the recurring spot: 6 cases within 30 m, one a month from March to August
            for (int i = 0; i < 6; i++) {
                double[] p = around(recurring, 30, random);
                add(ps, "AT-R" + i, "hotline_12345", recurringCategory, p[0], p[1], Instant.parse(String.format(Locale.ROOT,
                        "2019-%02d-15T02:00:00Z", 3 + i)), random);
                recurringCodes.add("AT-R" + i);
            }
            // the rising category: 1 a week in weeks 5-16 before AS_OF, 8 a week in the last 4 (spread over 300 m)
            int k = 0;
            for (int w = 0; w < 16; w++) {
                int perWeek = w < 4 ? 8 : 1;
                for (int j = 0; j < perWeek; j++) {
                    double[] p = around(rising, 300, random);
                    add(ps, "AT-S" + k++, "citizen_app", risingCategory, p[0], p[1],
                            AS_OF.minus(Duration.ofDays(7L * w)).minus(Duration.ofHours(12 + 6L * j)), random);
                }
            }
            // routed to one community, lying in another (boundaries moved since)
            add(ps, "AT-MOVED", "patrol", noiseCategories.get(0), hot.x, hot.y, Instant.parse("2019-06-01T00:00:00Z"), random);
            ps.executeBatch();
        }
    }

    void add(PreparedStatement ps, String code, String channel, String category, double lon, double lat, Instant reported, Random random)
            throws SQLException {
        boolean closed = random.nextDouble() < 0.7;
        Integer satisfaction = closed && random.nextDouble() < 0.8 ? 1 + random.nextInt(5) : null;
        Instant deadline = reported.plus(Duration.ofHours(48));
        Instant handled = closed ? reported.plus(Duration.ofHours(1 + random.nextInt(96))) : null;
        Instant closedAt = closed ? handled.plus(Duration.ofHours(2)) : null;
        int i = 1;
        ps.setString(i++, code);
        ps.setString(i++, channel);
        ps.setString(i++, category);
        ps.setString(i++, "秘密描述 " + SECRET_PHONE);
        ps.setString(i++, closed ? (satisfaction == null ? "closed" : "evaluated") : "dispatched");
        ps.setDouble(i++, lon);
        ps.setDouble(i++, lat);
        ps.setString(i++, TAG);
        ps.setTimestamp(i++, Timestamp.from(reported));
        ps.setTimestamp(i++, Timestamp.from(reported));
        ps.setTimestamp(i++, Timestamp.from(reported));
        ps.setTimestamp(i++, Timestamp.from(deadline));
        ps.setTimestamp(i++, handled == null ? null : Timestamp.from(handled));
        ps.setTimestamp(i++, closedAt == null ? null : Timestamp.from(closedAt));
        ps.setTimestamp(i++, satisfaction == null ? null : Timestamp.from(closedAt));
        ps.setObject(i++, satisfaction);
        ps.setString(i, SECRET_PHONE);
        ps.addBatch();
    }

    /** A uniform random point within {@code meters} of {@code c}. */
    static double[] around(Coordinate c, double meters, Random random) {
        double r = meters * Math.sqrt(random.nextDouble());
        double a = random.nextDouble() * 2 * Math.PI;
        double dLat = r * Math.cos(a) / 111_320.0;
        double dLon = r * Math.sin(a) / (111_320.0 * Math.cos(Math.toRadians(c.y)));
        return new double[] {c.x + dLon, c.y + dLat};
    }

    void route(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE case_record r SET grid_code = m.code, l3_code = l3.code, l2_code = l2.code, l1_code = l1.code, district_code = l1.parent_code
                FROM grid_current m JOIN grid_current l3 ON l3.code = m.parent_code JOIN grid_current l2 ON l2.code = l3.parent_code
                     JOIN grid_current l1 ON l1.code = l2.parent_code
                WHERE m.level = 'micro' AND r.created_by = ? AND ST_Covers(m.geom, r.geom)""")) {
            ps.setString(1, TAG);
            ps.executeUpdate();
        }
        String micro = strings(c, "SELECT code FROM grid_current WHERE level = 'micro' AND code LIKE '" + routedCommunity + "%' ORDER BY code LIMIT 1").get(0);
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE case_record SET grid_code = ?, l3_code = (SELECT parent_code FROM grid_current WHERE code = ?), l2_code = ?
                WHERE code = 'AT-MOVED'""")) {
            ps.setString(1, micro);
            ps.setString(2, micro);
            ps.setString(3, routedCommunity);
            ps.executeUpdate();
        }
    }

    void load(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, code, category_code, ST_X(geom), ST_Y(geom), closed_at IS NOT NULL,"
                + " satisfaction, grid_code, l1_code, l2_code, created_at FROM case_record WHERE created_by = ?")) {
            ps.setString(1, TAG);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getDouble(4), rs.getDouble(5), rs.getBoolean(6),
                            (Integer) rs.getObject(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getTimestamp(11).toInstant()));
                }
            }
        }
    }

    static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    static Coordinate pointOnSurface(Connection c, String code) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_PointOnSurface(geom) p FROM grid_current WHERE code = ?) x")) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Coordinate(rs.getDouble(1), rs.getDouble(2));
            }
        }
    }

    static double[] box(Connection c, String code) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom) FROM grid_current WHERE code = ?")) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new double[] {rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4)};
            }
        }
    }

    Geometry gridGeometry(String code) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT ST_AsText(geom) FROM grid_current WHERE code = ?")) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new WKTReader().read(rs.getString(1));
            }
        }
    }

    Http.Response post(String endpoint, String body, String token) {
        return http.postJson("/api/analytics/cases/" + endpoint, body, token);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> total(Http.Response r) {
        return (Map<String, Object>) r.map().get("total");
    }

    static long count(Http.Response r) {
        return ((Number) total(r).get("count")).longValue();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> features(Map<String, Object> fc) {
        return (List<Map<String, Object>>) fc.get("features");
    }

    static String polygonJson(Geometry g) {
        StringBuilder sb = new StringBuilder("{\"type\":\"Polygon\",\"coordinates\":[[");
        Coordinate[] cs = g.getCoordinates();
        for (int i = 0; i < cs.length; i++) {
            sb.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "[%.9f,%.9f]", cs[i].x, cs[i].y));
        }
        return sb.append("]]}").toString();
    }

    /** An irregular pentagon about 2 km across around the hot spot. */
    Geometry drawnPolygon() {
        double kx = 1 / (111_320.0 * Math.cos(Math.toRadians(hot.y)));
        double ky = 1 / 111_320.0;
        double[][] offsets = {{-1000, -700}, {900, -900}, {1100, 300}, {100, 1000}, {-900, 600}, {-1000, -700}};
        Coordinate[] ring = new Coordinate[offsets.length];
        for (int i = 0; i < offsets.length; i++) {
            ring[i] = new Coordinate(hot.x + offsets[i][0] * kx, hot.y + offsets[i][1] * ky);
        }
        return new GeometryFactory().createPolygon(ring);
    }

    // ---------------------------------------------------------------------------------------- area query

    @Test
    void aDrawnPolygonCountsWhatAJtsContainsLoopCounts() {
        Geometry polygon = drawnPolygon();
        GeometryFactory f = new GeometryFactory();
        List<Row> inside = rows.stream().filter(r -> r.grid() != null && r.grid().startsWith("410103") && r.reportedAt().isBefore(Instant.parse("2020-01-01T00:00:00Z"))
                && polygon.covers(f.createPoint(new Coordinate(r.lon(), r.lat())))).toList();
        Http.Response r = post("query", "{\"area\":{\"type\":\"polygon\",\"geometry\":" + polygonJson(polygon) + "}," + YEAR
                + ",\"groupBy\":\"category\",\"limit\":10}", analyst);
        assertEquals(200, r.status(), r.body());
        assertTrue(inside.size() > 150, "the polygon holds the hot spot: " + inside.size());
        assertEquals(inside.size(), count(r));
        long closed = inside.stream().filter(Row::closed).count();
        assertEquals(closed, ((Number) total(r).get("closed")).longValue());
        assertEquals(Math.round(10_000.0 * closed / inside.size()) / 10_000.0, ((Number) total(r).get("closureRate")).doubleValue(), 1e-9);
        long rated = inside.stream().filter(x -> x.satisfaction() != null).count();
        long satisfied = inside.stream().filter(x -> x.satisfaction() != null && x.satisfaction() >= 4).count();
        assertEquals(Math.round(10_000.0 * satisfied / rated) / 10_000.0, ((Number) total(r).get("satisfactionRate")).doubleValue(), 1e-9);
        Map<String, Long> expected = inside.stream().collect(Collectors.groupingBy(Row::category, TreeMap::new, Collectors.counting()));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> groups = (List<Map<String, Object>>) r.map().get("groups");
        Map<String, Long> actual = new TreeMap<>();
        groups.forEach(g -> actual.put((String) g.get("key"), ((Number) g.get("count")).longValue()));
        assertEquals(expected, actual);
        @SuppressWarnings("unchecked")
        Map<String, Object> cases = (Map<String, Object>) r.map().get("cases");
        assertEquals(10, features(cases).size());
        assertEquals((long) inside.size(), ((Number) cases.get("numberMatched")).longValue());
    }

    @Test
    void noPersonalFieldEverLeavesTheQuery() {
        Http.Response r = post("query", "{" + YEAR + ",\"limit\":1000}", analyst);
        assertEquals(200, r.status(), r.body());
        assertFalse(r.body().contains(SECRET_PHONE), "a phone number leaked");
        assertFalse(r.body().contains("王秘密"), "a reporter name leaked");
        assertFalse(r.body().contains("秘密描述"), "a description leaked");
        @SuppressWarnings("unchecked")
        Map<String, Object> props = (Map<String, Object>) features((Map<String, Object>) r.map().get("cases")).get(0).get("properties");
        assertFalse(props.containsKey("reporter") || props.containsKey("description") || props.containsKey("title"), props.toString());
    }

    @Test
    void aBufferAroundAPointCountsTheCasesWithin200Metres() {
        long within = rows.stream().filter(r -> r.grid() != null && CaseAnalyticsService.meters(hot.x, hot.y, r.lon(), r.lat()) <= 199).count();
        long withinLoose = rows.stream().filter(r -> r.grid() != null && CaseAnalyticsService.meters(hot.x, hot.y, r.lon(), r.lat()) <= 201).count();
        Http.Response r = post("query", String.format(Locale.ROOT, "{\"area\":{\"type\":\"buffer\",\"geometry\":{\"type\":\"Point\","
                + "\"coordinates\":[%.9f,%.9f]},\"meters\":200},%s,\"limit\":0}", hot.x, hot.y, YEAR), analyst);
        assertEquals(200, r.status(), r.body());
        assertTrue(count(r) >= within && count(r) <= withinLoose, count(r) + " not in [" + within + ", " + withinLoose + "]");
        assertTrue(within >= 150);
    }

    @Test
    void routedBoundariesKeepTheGridACaseWasRoutedToCurrentOnesUseItsLocation() throws Exception {
        String body = "{\"area\":{\"type\":\"grids\",\"codes\":[\"%s\"]},\"boundaries\":\"%s\"," + YEAR + ",\"limit\":1000}";
        Http.Response routed = post("query", String.format(body, routedCommunity, "routed"), analyst);
        Http.Response current = post("query", String.format(body, routedCommunity, "current"), analyst);
        assertEquals(200, routed.status(), routed.body());
        assertEquals(200, current.status(), current.body());
        assertTrue(routed.body().contains("\"AT-MOVED\""), "routed boundaries keep the moved case");
        assertFalse(current.body().contains("\"AT-MOVED\""), "current boundaries place it where it lies");
        Geometry g = gridGeometry(routedCommunity);
        GeometryFactory f = new GeometryFactory();
        long expected = rows.stream().filter(r -> g.covers(f.createPoint(new Coordinate(r.lon(), r.lat())))).count();
        assertEquals(expected, count(current));
        assertEquals(rows.stream().filter(r -> routedCommunity.equals(r.l2())).count(), count(routed));
        Http.Response there = post("query", String.format(body, locatedCommunity, "current"), analyst);
        assertTrue(there.body().contains("\"AT-MOVED\""), there.body().length() + " bytes");
    }

    @Test
    void groupedByStreetTheRatesAgreeWithTheOfficialIndicators() {
        Http.Response r = post("query", "{" + YEAR + ",\"groupBy\":\"l1\",\"limit\":0}", analyst);
        assertEquals(200, r.status(), r.body());
        Http.Response ind = http.get("/api/cases/indicators?groupBy=l1&from=2019-01-01T00:00:00Z&to=2020-01-01T00:00:00Z", analyst);
        assertEquals(200, ind.status(), ind.body());
        Map<Object, Object> official = new HashMap<>();
        for (Object o : ind.list()) {
            Map<?, ?> m = (Map<?, ?>) o;
            if (((Number) m.get("received")).longValue() > 0) {
                official.put(m.get("key"), List.of(((Number) m.get("received")).longValue(), m.get("closureRate")));
            }
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> groups = (List<Map<String, Object>>) r.map().get("groups");
        Map<Object, Object> ours = new HashMap<>();
        groups.forEach(g -> ours.put(g.get("key"), List.of(((Number) g.get("count")).longValue(), g.get("closureRate"))));
        assertEquals(official, ours);
        Map<String, Long> byStreet = rows.stream().filter(x -> x.grid() != null).collect(Collectors.groupingBy(Row::l1, Collectors.counting()));
        byStreet.forEach((k, v) -> assertEquals(v, ((List<?>) ours.get(k)).get(0), k));
    }

    @Test
    void groupsByHourOfWeekdayAndTopCategoryAddUpToTheTotal() {
        for (String key : List.of("hourOfWeekday", "topCategory", "month", "week", "day", "channel", "micro")) {
            Http.Response r = post("query", "{" + YEAR + ",\"groupBy\":\"" + key + "\",\"limit\":0}", analyst);
            assertEquals(200, r.status(), r.body());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> groups = (List<Map<String, Object>>) r.map().get("groups");
            assertEquals(count(r), groups.stream().mapToLong(g -> ((Number) g.get("count")).longValue()).sum(), key);
        }
        Http.Response months = post("query", "{" + YEAR + ",\"groupBy\":\"month\",\"limit\":0}", analyst);
        assertTrue(months.body().contains("\"key\":\"2019-03\""), months.body());
    }

    @Test
    void aWholeEarthPolygonIsClippedToTheDataAndCountsTheWholeScope() {
        Http.Response all = post("query", "{" + YEAR + ",\"limit\":0}", analyst);
        Http.Response earth = post("query", "{\"area\":{\"type\":\"polygon\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
                + "[[[-180,-90],[180,-90],[180,90],[-180,90],[-180,-90]]]}}," + YEAR + ",\"limit\":0}", analyst);
        assertEquals(200, earth.status(), earth.body());
        assertEquals(Boolean.TRUE, ((Map<?, ?>) earth.map().get("area")).get("clipped"));
        assertEquals(count(all), count(earth));
        assertEquals(rows.stream().filter(x -> x.grid() != null).count(), count(all));
    }

    // ---------------------------------------------------------------------------------------- scope

    @Test
    void aStreetDispatcherAndACommunityAnalystSeeOnlyTheirOwnCases() {
        Http.Response street = post("query", "{" + YEAR + ",\"limit\":0}", dispatcher);
        assertEquals(200, street.status(), street.body());
        assertEquals(rows.stream().filter(x -> x.grid() != null && x.grid().startsWith("410103001")).count(), count(street));
        Http.Response own = post("query", "{" + YEAR + ",\"limit\":1000}", communityAnalyst);
        assertEquals(200, own.status(), own.body());
        assertEquals(rows.stream().filter(x -> x.grid() != null && x.grid().startsWith(community)).count(), count(own));
        // a polygon over the whole district still yields only the community's cases
        Http.Response drawn = post("query", "{\"area\":{\"type\":\"polygon\",\"geometry\":" + polygonJson(drawnPolygon()) + "}," + YEAR
                + ",\"limit\":1000}", communityAnalyst);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = features((Map<String, Object>) drawn.map().get("cases"));
        assertFalse(items.isEmpty());
        for (Map<String, Object> item : items) {
            assertTrue(String.valueOf(((Map<?, ?>) item.get("properties")).get("micro")).startsWith(community), item.toString());
        }
    }

    @Test
    void gridsOutsideTheScopeAreForbidden() {
        Http.Response r = post("query", "{\"area\":{\"type\":\"grids\",\"codes\":[\"410103003\"]}," + YEAR + "}", dispatcher);
        assertEquals(403, r.status(), r.body());
        assertEquals("application/problem+json", r.contentType());
    }

    @Test
    void gridWorkersDepartmentsAndPlannersMayNotQuery() {
        for (String user : List.of("worker", "dept", "planner")) {
            String token = http.login(user, DemoUsers.DEMO_PASSWORD);
            for (String endpoint : List.of("query", "hotspots", "recurring", "rising")) {
                assertEquals(403, post(endpoint, "{}", token).status(), user + " " + endpoint);
            }
        }
        assertEquals(401, post("query", "{}", null).status());
    }

    // ---------------------------------------------------------------------------------------- bad input

    @Test
    void aSelfIntersectingPolygonIsRefusedWithTheReasonAndTheLocation() {
        Http.Response r = post("query", "{\"area\":{\"type\":\"polygon\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
                + "[[[113.60,34.70],[113.62,34.72],[113.62,34.70],[113.60,34.72],[113.60,34.70]]]}}}", analyst);
        assertEquals(400, r.status(), r.body());
        assertEquals("application/problem+json", r.contentType());
        assertTrue(r.body().contains("Self-intersection"), r.body());
        assertTrue(r.body().contains("(113.610000, 34.710000)"), r.body());
        assertTrue(r.body().contains("/area/geometry"), r.body());
    }

    @Test
    void aReversedTimeRangeIsRefused() {
        Http.Response r = post("query", "{\"time\":{\"from\":\"2020-01-01T00:00:00Z\",\"to\":\"2019-01-01T00:00:00Z\"}}", analyst);
        assertEquals(400, r.status(), r.body());
        assertTrue(r.body().contains("reversed"), r.body());
        assertTrue(r.body().contains("\"pointer\":\"/time\""), r.body());
    }

    @Test
    void unknownGridCodesAreNamed() {
        Http.Response r = post("query", "{\"area\":{\"type\":\"grids\",\"codes\":[\"410103001\",\"410103999999\"]}}", analyst);
        assertEquals(400, r.status(), r.body());
        assertTrue(r.body().contains("unknown grid code '410103999999'"), r.body());
        assertTrue(r.body().contains("/area/codes/1"), r.body());
    }

    @Test
    void groupingByAPersonalOrUnknownFieldIsRefused() {
        Http.Response personal = post("query", "{\"groupBy\":\"reporter_phone\"}", analyst);
        assertEquals(400, personal.status(), personal.body());
        assertTrue(personal.body().contains("personal"), personal.body());
        Http.Response unknown = post("query", "{\"groupBy\":\"colour\"}", analyst);
        assertEquals(400, unknown.status(), unknown.body());
        assertTrue(unknown.body().contains("unknown field 'colour'"), unknown.body());
    }

    @Test
    void tenThousandGridIdsAreRefusedWithTheLimitStated() {
        StringBuilder codes = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            codes.append(i == 0 ? "" : ",").append('"').append(String.format(Locale.ROOT, "410103%06d", i)).append('"');
        }
        Http.Response r = post("query", "{\"area\":{\"type\":\"grids\",\"codes\":[" + codes + "]}}", analyst);
        assertEquals(400, r.status(), r.body());
        assertTrue(r.body().contains("at most 1000"), r.body());
    }

    @Test
    void anUnknownCategoryAndAMalformedBodyAreRefused() {
        Http.Response r = post("query", "{\"categories\":[\"NOPE-99\"]}", analyst);
        assertEquals(400, r.status(), r.body());
        assertTrue(r.body().contains("unknown category 'NOPE-99'"), r.body());
        assertEquals(400, post("query", "{\"area\":", analyst).status());
        assertEquals(400, post("query", "{\"colour\":1}", analyst).status());
    }

    // ---------------------------------------------------------------------------------------- hot spots

    @Test
    void thePlantedHotSpotIsAHotCellAt99Percent() {
        Http.Response r = post("hotspots", "{" + YEAR + ",\"resolution\":8}", analyst);
        assertEquals(200, r.status(), r.body());
        List<Map<String, Object>> hex = features(r.map());
        Map<String, Object> top = hex.stream().map(h -> (Map<String, Object>) cast(h.get("properties")))
                .max((a, b) -> Integer.compare(((Number) a.get("count")).intValue(), ((Number) b.get("count")).intValue())).orElseThrow();
        assertEquals(3, ((Number) top.get("bin")).intValue(), top.toString());
        assertTrue(((Number) top.get("count")).intValue() >= 100, top.toString());
        long total = hex.stream().mapToLong(h -> ((Number) cast(h.get("properties")).get("count")).longValue()).sum();
        assertEquals(((Number) r.map().get("cases")).longValue(), total);
        assertEquals(rows.stream().filter(x -> x.grid() != null).count(), total);
    }

    @Test
    void uniformNoiseHasNoHotSpot() {
        String cats = noiseCategories.stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(","));
        Http.Response r = post("hotspots", "{" + YEAR + ",\"resolution\":8,\"categories\":[" + cats + "]}", analyst);
        assertEquals(200, r.status(), r.body());
        assertEquals(0, ((Number) r.map().get("hotCells")).intValue(), r.body().substring(0, 400));
        assertEquals(rows.stream().filter(x -> x.grid() != null && noiseCategories.contains(x.category())).count(),
                ((Number) r.map().get("cases")).longValue());
        assertTrue(((Number) r.map().get("cases")).intValue() > 1500);
    }

    @Test
    void aResolutionTooFineForTheAreaIsRefused() {
        Http.Response r = post("hotspots", "{\"resolution\":12}", analyst);
        assertEquals(400, r.status(), r.body());
        assertTrue(r.body().contains("coarser resolution"), r.body());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }

    // ---------------------------------------------------------------------------------------- recurring, rising

    @Test
    void theRecurringSpotIsFoundWithItsCasesGridsAndMonthlyTrend() {
        Http.Response r = post("recurring", "{" + YEAR + ",\"radiusMeters\":50,\"minCases\":5}", analyst);
        assertEquals(200, r.status(), r.body());
        List<Map<String, Object>> spots = features(r.map());
        Map<String, Object> spot = spots.stream().map(s -> cast(s.get("properties")))
                .filter(p -> recurringCategory.equals(p.get("category"))).findFirst().orElseThrow(() -> new AssertionError(r.body()));
        Set<String> codes = ((List<?>) spot.get("cases")).stream().map(c -> (String) ((Map<?, ?>) c).get("code")).collect(Collectors.toSet());
        assertEquals(recurringCodes, codes);
        assertEquals(6, ((List<?>) spot.get("monthly")).size());
        assertFalse(((List<?>) spot.get("grids")).isEmpty());
        assertTrue(((Number) spot.get("radiusMeters")).doubleValue() <= 30.5, spot.toString());
        // the hot spot recurs too, and is the biggest
        assertEquals(hotCategory, cast(spots.get(0).get("properties")).get("category"));
        assertFalse(r.body().contains(SECRET_PHONE));
    }

    @Test
    void uniformNoiseHasNoRecurringSpot() {
        String cats = noiseCategories.stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(","));
        Http.Response r = post("recurring", "{" + YEAR + ",\"radiusMeters\":50,\"minCases\":5,\"categories\":[" + cats + "]}", analyst);
        assertEquals(200, r.status(), r.body());
        assertTrue(features(r.map()).isEmpty(), r.body());
    }

    @Test
    void onlyThePlantedCategoryRises() {
        Http.Response r = post("rising", "{\"asOf\":\"" + AS_OF + "\"}", analyst);
        assertEquals(200, r.status(), r.body());
        List<?> cats = (List<?>) r.map().get("categories");
        assertEquals(List.of(risingCategory), cats.stream().map(c -> ((Map<?, ?>) c).get("category")).toList(), r.body());
        Map<?, ?> rising = (Map<?, ?>) cats.get(0);
        List<Row> risingRows = rows.stream().filter(x -> x.grid() != null && risingCategory.equals(x.category())).toList();
        long recent = risingRows.stream().filter(x -> !x.reportedAt().isBefore(AS_OF.minus(Duration.ofDays(28)))).count();
        long baseline = risingRows.size() - recent;
        assertTrue(recent >= 28, "the planted cases lie in the district: " + recent);
        assertEquals(recent, ((Number) rising.get("recent")).longValue());
        assertEquals(baseline / 12.0, ((Number) rising.get("baselineWeeklyMean")).doubleValue(), 1e-3);
        Http.Response street = post("rising", "{\"asOf\":\"" + AS_OF + "\"}", dispatcher);
        assertTrue(((List<?>) street.map().get("categories")).isEmpty(), "the rising cases lie in another street: " + street.body());
    }
}
