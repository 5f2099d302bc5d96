package cn.yiwang.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

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
 * The reports API on the real PostGIS with the Erqi demo grids and workers and a generated data set
 * with known answers, all in April and May 2018 so no other test's data falls into the periods: 30
 * cases a month in one micro grid of each of three street offices, with closure shares chosen so the
 * ranking changes from April to May, and planted {@code patrol_day} rows for two workers of one
 * community (stops at a residential and a non-residential building). Expectations are computed here
 * from the generated cases with plain loops and the documented score formula.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportApiTest implements PostgisTest {

    static final String TAG = "report-test";
    static final String INJECTION = "=HYPERLINK(\"http://evil.example/\",\"点我\")";
    static final String INJECTED_USER = "rpt_inject";
    static final int PER_MONTH = 30;
    /** Closed cases per ten, by street and month (April, May): April A > B > C, May C > A > B. */
    static final int[][] CLOSED_TENTHS = {{9, 6}, {6, 3}, {3, 9}};

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;
    @Inject
    UserRepository users;

    Http http;
    String analyst;
    List<String> streets;
    String community;
    String[] patrolWorkers;
    long[] patrolWorkerIds;
    String residential;
    String otherBuilding;
    String dept1 = "urban_mgmt_squad";
    String dept2;
    List<Planted> cases = new ArrayList<>();

    record Planted(String street, String l2, LocalDate day, Instant reported, boolean closed, Instant deadline, Instant handled,
                   Instant closedAt, int deferred, Integer satisfaction, int returned, int reopened, String department, Long assignee) {
    }

    @BeforeAll
    void setUp() throws Exception {
        http = new Http(server, json);
        analyst = http.login("analyst", DemoUsers.DEMO_PASSWORD);
        try (Connection c = dataSource.getConnection()) {
            streets = strings(c, "SELECT code FROM grid_current WHERE level = 'l1' AND parent_code = '410103' ORDER BY code LIMIT 3");
            String[] pick = firstRow(c, """
                    SELECT substr(d.grid_code, 1, 12), array_agg(u.username ORDER BY u.username), array_agg(u.id ORDER BY u.username)
                    FROM grid_duty d JOIN app_user u ON u.id = d.user_id
                    WHERE d.on_duty AND d.grid_code LIKE ? AND d.grid_code NOT LIKE '410103001004%' AND u.username LIKE 'gw%'
                    GROUP BY 1 HAVING count(*) >= 2 ORDER BY 1 LIMIT 1""", streets.get(0) + "%");
            community = pick[0];
            patrolWorkers = new String[] {pick[1].split(",")[0], pick[1].split(",")[1]};
            patrolWorkerIds = new long[] {Long.parseLong(pick[2].split(",")[0]), Long.parseLong(pick[2].split(",")[1])};
            residential = strings(c, "SELECT id FROM building WHERE use = 'residential' ORDER BY id LIMIT 1").get(0);
            otherBuilding = strings(c, "SELECT id FROM building WHERE use <> 'residential' ORDER BY id LIMIT 1").get(0);
            dept2 = strings(c, "SELECT code FROM department WHERE code <> 'urban_mgmt_squad' ORDER BY code LIMIT 1").get(0);
            generateCases(c);
            plantPatrolDays(c);
        }
        users.insertIfAbsent(INJECTED_USER, new PasswordHasher().hash(DemoUsers.DEMO_PASSWORD), Role.GRID_WORKER, community, INJECTION, false);
        users.insertIfAbsent("rpt_comm", new PasswordHasher().hash(DemoUsers.DEMO_PASSWORD), Role.ANALYST, community, "社区分析员", false);
        users.insertIfAbsent("rpt_city", new PasswordHasher().hash(DemoUsers.DEMO_PASSWORD), Role.ANALYST, "4101", "全市分析员", false);
        users.insertIfAbsent("rpt_planner", new PasswordHasher().hash(DemoUsers.DEMO_PASSWORD), Role.PLANNER, "410103", "规划员", false);
    }

    /** The cluster is shared by every test class of the run: leave it as it was found (users are disabled). */
    @AfterAll
    void removeTheGeneratedData() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            update(c, "DELETE FROM case_record WHERE created_by = ?", TAG);
            update(c, "DELETE FROM patrol_day WHERE day >= '2018-01-01' AND day < '2019-01-01' AND username LIKE ?", "gw%");
            update(c, "UPDATE app_user SET disabled = true WHERE username LIKE ?", "rpt\\_%");
        }
    }

    // ---------------------------------------------------------------------------------------- data

    void generateCases(Connection c) throws SQLException {
        String sql = """
                INSERT INTO case_record (code, source, category_code, title, description, urgency, status, geom, grid_code, l3_code,
                  l2_code, l1_code, district_code, created_by, created_at, updated_at, dispatched_at, deadline_at, handled_at, closed_at,
                  evaluated_at, satisfaction, deferred_count, return_count, reopen_count, department_code, assignee_id, reporter_name,
                  reporter_phone)
                SELECT ?, 'hotline_12345', 'SRHJ-01', '报表测试', '', 'normal', ?, ST_PointOnSurface(m.geom), m.code, l3.code, l3.parent_code,
                  ?, '410103', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '王秘密', '13800001111'
                FROM grid_current m JOIN grid_current l3 ON l3.code = m.parent_code
                WHERE m.code = ?""";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int s = 0; s < 3; s++) {
                String street = streets.get(s);
                String micro = strings(c, "SELECT min(code) FROM grid_current WHERE level = 'micro' AND code LIKE '"
                        + (s == 0 ? community : street) + "%'").get(0);
                String l2 = micro.substring(0, 12);
                for (int m = 0; m < 2; m++) {
                    for (int i = 0; i < PER_MONTH; i++) {
                        LocalDate day = LocalDate.of(2018, 4 + m, 1 + i % 28);
                        Instant reported = Instant.parse(day + "T02:00:00Z");
                        boolean closed = i % 10 < CLOSED_TENTHS[s][m];
                        Instant deadline = reported.plus(Duration.ofHours(48));
                        Instant handled = closed ? reported.plus(Duration.ofHours(1 + (i * 7) % 96)) : null;
                        Instant closedAt = closed ? handled.plus(Duration.ofHours(2)) : null;
                        Integer satisfaction = closed && i % 4 != 0 ? 1 + i % 5 : null;
                        Long assignee = s == 0 && m == 1 && i % 3 == 0 ? patrolWorkerIds[0] : null;
                        Planted p = new Planted(street, l2, day, reported, closed, deadline, handled, closedAt, i % 13 == 0 ? 1 : 0,
                                satisfaction, i % 6 == 0 ? 1 : 0, i % 9 == 0 ? 1 : 0, i % 2 == 0 ? dept1 : dept2, assignee);
                        cases.add(p);
                        int k = 1;
                        ps.setString(k++, "RPT-" + s + "-" + m + "-" + i);
                        // Open ones stay out of the overdue scan's states: its events could not be deleted with the case.
                        ps.setString(k++, closed ? "closed" : "registered");
                        ps.setString(k++, street);
                        ps.setString(k++, TAG);
                        ps.setTimestamp(k++, Timestamp.from(reported));
                        ps.setTimestamp(k++, Timestamp.from(reported));
                        ps.setTimestamp(k++, Timestamp.from(reported));
                        ps.setTimestamp(k++, Timestamp.from(deadline));
                        ps.setTimestamp(k++, handled == null ? null : Timestamp.from(handled));
                        ps.setTimestamp(k++, closedAt == null ? null : Timestamp.from(closedAt));
                        ps.setTimestamp(k++, satisfaction == null ? null : Timestamp.from(closedAt));
                        ps.setObject(k++, satisfaction);
                        ps.setInt(k++, p.deferred());
                        ps.setInt(k++, p.returned());
                        ps.setInt(k++, p.reopened());
                        ps.setString(k++, p.department());
                        ps.setObject(k++, assignee);
                        ps.setString(k, micro);
                        ps.addBatch();
                    }
                }
            }
            ps.executeBatch();
        }
    }

    /** Planted worker-days: {worker index, day, duration s, distance m, coverage, cases, residential stops, other stops, compliant}. */
    static final Object[][] DAYS = {
        {0, "2018-05-02", 5400, 4000.0, 0.7, 2, 2, 1, true},
        {0, "2018-05-03", 3600, 3000.0, 0.5, 0, 1, 0, false},
        {0, "2018-05-04", 7200, 5500.0, 0.9, 1, 0, 2, true},
        {1, "2018-05-02", 1800, 1000.0, 0.2, 0, 1, 0, false},
        {0, "2018-04-20", 6000, 4200.0, 0.8, 1, 1, 0, true},
    };

    void plantPatrolDays(Connection c) throws SQLException {
        String sql = """
                INSERT INTO patrol_day (district_code, user_id, day, username, grid_code, fixes, kept_fixes, distance_m, duration_s, inside_s,
                  coverage_share, buildings_total, buildings_passed, stops, idle_gaps, cases_reported, compliant, detail)
                VALUES ('410103', ?, ?, ?, (SELECT min(grid_code) FROM grid_duty WHERE user_id = ? AND on_duty), 100, 90, ?, ?, ?, ?, 10, 5,
                  ?, 0, ?, ?, ?::jsonb)""";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Object[] d : DAYS) {
                int w = (Integer) d[0];
                int res = (Integer) d[6];
                int other = (Integer) d[7];
                List<String> stops = new ArrayList<>();
                for (int i = 0; i < res; i++) {
                    stops.add("{\"buildingId\":\"" + residential + "\",\"seconds\":300}");
                }
                for (int i = 0; i < other; i++) {
                    stops.add("{\"buildingId\":\"" + otherBuilding + "\",\"seconds\":300}");
                }
                stops.add("{\"buildingId\":null,\"seconds\":200}");
                int k = 1;
                ps.setLong(k++, patrolWorkerIds[w]);
                ps.setObject(k++, LocalDate.parse((String) d[1]));
                ps.setString(k++, patrolWorkers[w]);
                ps.setLong(k++, patrolWorkerIds[w]);
                ps.setDouble(k++, (Double) d[3]);
                ps.setInt(k++, (Integer) d[2]);
                ps.setInt(k++, (Integer) d[2]);
                ps.setDouble(k++, (Double) d[4]);
                ps.setInt(k++, stops.size());
                ps.setInt(k++, (Integer) d[5]);
                ps.setBoolean(k++, (Boolean) d[8]);
                ps.setString(k, "{\"stops\":[" + String.join(",", stops) + "]}");
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    // ---------------------------------------------------------------------------------------- expectations

    record Expected(long received, long closed, Double closureRate, Double onTimeRate, Double averageCloseHours, long returned,
                    long reopened, long rated, Double satisfactionRate) {
    }

    static Double rate(long part, long whole) {
        return whole <= 0 ? null : Math.round(10_000.0 * part / whole) / 10_000.0;
    }

    static Expected expect(List<Planted> of) {
        long closed = of.stream().filter(Planted::closed).count();
        long dueNotDeferred = of.stream().filter(p -> p.deferred() == 0).count();
        long onTime = of.stream().filter(p -> p.deferred() == 0 && p.handled() != null && !p.handled().isAfter(p.deadline())).count();
        double closeSeconds = of.stream().filter(Planted::closed).mapToLong(p -> Duration.between(p.reported(), p.closedAt()).getSeconds()).sum();
        long rated = of.stream().filter(p -> p.satisfaction() != null).count();
        long satisfied = of.stream().filter(p -> p.satisfaction() != null && p.satisfaction() >= 4).count();
        return new Expected(of.size(), closed, rate(closed, of.size()), rate(onTime, dueNotDeferred),
                closed == 0 ? null : Math.round(closeSeconds / closed / 36.0) / 100.0, of.stream().filter(p -> p.returned() > 0).count(),
                of.stream().filter(p -> p.reopened() > 0).count(), rated, rate(satisfied, rated));
    }

    List<Planted> inMonth(int month) {
        return cases.stream().filter(p -> p.day().getMonthValue() == month).toList();
    }

    /** Patrol days of a month of the planted rows, for workers matching {@code worker} (-1: all). */
    static List<Object[]> days(int month, int worker) {
        List<Object[]> out = new ArrayList<>();
        for (Object[] d : DAYS) {
            if (LocalDate.parse((String) d[1]).getMonthValue() == month && (worker < 0 || (Integer) d[0] == worker)) {
                out.add(d);
            }
        }
        return out;
    }

    /** The documented score: 100 × Σ w·rate / Σ w over the rates present (25/25/20/15/15). */
    static Double score(Expected e, List<Object[]> patrolDays) {
        Double compliance = patrolDays.isEmpty() ? null : rate(patrolDays.stream().filter(d -> (Boolean) d[8]).count(), patrolDays.size());
        Double coverage = patrolDays.isEmpty() ? null
                : Math.round(10_000.0 * patrolDays.stream().mapToDouble(d -> (Double) d[4]).sum() / patrolDays.size()) / 10_000.0;
        Double[] rates = {e.closureRate(), e.onTimeRate(), e.satisfactionRate(), compliance, coverage};
        double[] weights = {25, 25, 20, 15, 15};
        double sum = 0;
        double w = 0;
        for (int i = 0; i < rates.length; i++) {
            if (rates[i] != null) {
                sum += weights[i] * rates[i];
                w += weights[i];
            }
        }
        return w == 0 ? null : Math.round(10_000.0 * sum / w) / 100.0;
    }

    /** Street codes ordered best first by the expected scores of a month. */
    List<String> expectedOrder(int month) {
        Map<String, Double> scores = new HashMap<>();
        for (String street : streets) {
            scores.put(street, score(expect(inMonth(month).stream().filter(p -> p.street().equals(street)).toList()),
                    street.equals(streets.get(0)) ? days(month, -1) : List.of()));
        }
        return streets.stream().sorted((a, b) -> Double.compare(scores.get(b), scores.get(a))).toList();
    }

    // ---------------------------------------------------------------------------------------- tests

    @Test
    void monthlyStreetReportMatchesTheIndependentlyComputedFiguresRanksAndChanges() {
        Http.Response r = http.get("/api/reports/monthly?period=2018-05&level=l1&scope=410103", analyst);
        assertEquals(200, r.status(), r.body());
        assertEquals("月通报", r.map().get("kindName"));
        assertEquals("2018-04", ((Map<?, ?>) r.map().get("previousPeriod")).get("text"));
        Map<String, Map<String, Object>> rows = rowsByKey(r);
        List<String> may = expectedOrder(5);
        List<String> april = expectedOrder(4);
        assertNotEquals(may, april, "the data set must change the ranking between the months");
        for (String street : streets) {
            Map<String, Object> row = rows.get(street);
            assertNotNull(row, street + " missing: " + r.body());
            Expected e = expect(inMonth(5).stream().filter(p -> p.street().equals(street)).toList());
            assertFigures(e, row, street);
            List<Object[]> patrolDays = street.equals(streets.get(0)) ? days(5, -1) : List.of();
            assertEquals(score(e, patrolDays), num(row.get("score")), street + " score");
            int rank = may.indexOf(street) + 1;
            int previous = april.indexOf(street) + 1;
            assertEquals(rank, ((Number) row.get("rank")).intValue(), street + " rank " + r.body());
            assertEquals(previous, ((Number) row.get("previousRank")).intValue(), street + " previous rank");
            assertEquals(previous - rank, ((Number) row.get("change")).intValue(), street + " change");
        }
        // The other streets had nothing: listed, unranked, after the ranked ones.
        List<Map<String, Object>> list = list(r);
        assertEquals(may, list.subList(0, 3).stream().map(m -> (String) m.get("key")).toList());
        for (Map<String, Object> row : list.subList(3, list.size())) {
            assertNull(row.get("rank"), row.toString());
            assertEquals(0, ((Number) row.get("received")).intValue(), row.toString());
        }
        assertFalse(r.body().contains("13800001111") || r.body().contains("王秘密"), "personal fields leaked");
    }

    @Test
    void quarterlyRankingAddsTheMonthsAndHasNoChangeWithoutAPreviousRanking() {
        Http.Response r = http.get("/api/reports/quarterly?period=2018-Q2&level=l1&scope=410103", analyst);
        assertEquals(200, r.status(), r.body());
        Map<String, Map<String, Object>> rows = rowsByKey(r);
        for (String street : streets) {
            Expected e = expect(cases.stream().filter(p -> p.street().equals(street)).toList());
            assertFigures(e, rows.get(street), street);
            assertNotNull(rows.get(street).get("rank"));
            assertNull(rows.get(street).get("previousRank"));
            assertNull(rows.get(street).get("change"));
        }
    }

    @Test
    void dailyReportCountsTheDaysCasesAndPatrolRows() {
        Http.Response r = http.get("/api/reports/daily?period=2018-05-02&level=l1&scope=410103", analyst);
        assertEquals(200, r.status(), r.body());
        Map<String, Object> a = rowsByKey(r).get(streets.get(0));
        Expected e = expect(cases.stream().filter(p -> p.street().equals(streets.get(0)) && p.day().equals(LocalDate.of(2018, 5, 2))).toList());
        assertEquals(2, e.received());
        assertFigures(e, a, "daily");
        assertEquals(2L, patrol(a).get("workerDays"));
    }

    @Test
    void workerReportCarriesPatrolFiguresOfThePlantedDays() throws SQLException {
        Http.Response r = http.get("/api/reports/monthly?period=2018-05&level=worker&scope=" + community, analyst);
        assertEquals(200, r.status(), r.body());
        Map<String, Map<String, Object>> rows = rowsByKey(r);
        Map<String, Object> w1 = rows.get(patrolWorkers[0]);
        Map<String, Object> p1 = patrol(w1);
        assertEquals(3L, p1.get("workerDays"));
        assertEquals(28L, p1.get("missingDays"));
        assertEquals(4.5, num(p1.get("durationHours")));
        assertEquals(12.5, num(p1.get("distanceKm")));
        assertEquals(0.7, num(p1.get("coverageRate")));
        assertEquals(3L, p1.get("casesReported"));
        assertEquals(3L, p1.get("householdVisits"), "residential stops only");
        assertEquals(2L, p1.get("compliantDays"));
        assertEquals(0.6667, num(p1.get("complianceRate")));
        Expected assigned = expect(inMonth(5).stream().filter(p -> p.assignee() != null).toList());
        assertFigures(assigned, w1, "worker");
        Map<String, Object> p2 = patrol(rows.get(patrolWorkers[1]));
        assertEquals(1L, p2.get("workerDays"));
        assertEquals(1L, p2.get("householdVisits"));
        assertEquals(0.0, num(p2.get("complianceRate")));
        assertEquals(INJECTION, rows.get(INJECTED_USER).get("name"), "JSON carries the name as it is");

        // The street's row sums its workers' days; missing = its roster × 31 − analysed.
        Http.Response streetReport = http.get("/api/reports/monthly?period=2018-05&level=l1&scope=410103", analyst);
        Map<String, Object> a = patrol(rowsByKey(streetReport).get(streets.get(0)));
        long roster;
        try (Connection c = dataSource.getConnection()) {
            roster = Long.parseLong(strings(c, """
                    SELECT count(*) FROM (SELECT u.id, (SELECT min(d.grid_code) FROM grid_duty d WHERE d.user_id = u.id AND d.on_duty) AS own
                    FROM app_user u WHERE u.role = 'grid_worker' AND NOT u.disabled) x WHERE own LIKE '""" + streets.get(0) + "%'").get(0));
        }
        assertEquals(4L, a.get("workerDays"));
        assertEquals(roster, a.get("workers"));
        assertEquals(roster * 31 - 4, a.get("missingDays"));
        assertEquals(4L, a.get("householdVisits"), "3 of the first worker, 1 of the second");
        assertNotNull(streetReport.map().get("note"), "the missing days are stated");
    }

    @Test
    void csvExportParsesBackWithTheFiguresAndTheInjectionEscaped() throws Exception {
        HttpResponse<byte[]> csv = bytes("/api/reports/monthly?period=2018-05&level=worker&scope=" + community + "&format=csv", analyst);
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("content-type").orElse("").startsWith("text/csv"));
        assertTrue(csv.headers().firstValue("content-disposition").orElse("").startsWith("attachment"));
        String text = new String(csv.body(), StandardCharsets.UTF_8);
        assertTrue(text.startsWith("\uFEFF"), "BOM for Excel");
        List<List<String>> lines = parseCsv(text.substring(1));
        assertTrue(lines.get(0).get(0).contains("月通报"), lines.get(0).toString());
        int header = 0;
        while (!lines.get(header).get(0).equals("排名")) {
            header++;
        }
        List<String> columns = lines.get(header);
        Map<String, List<String>> byKey = new HashMap<>();
        for (List<String> line : lines.subList(header + 1, lines.size())) {
            byKey.put(line.get(columns.indexOf("账号")), line);
        }
        List<String> w1 = byKey.get(patrolWorkers[0]);
        assertEquals("3", w1.get(columns.indexOf("巡查人日")));
        assertEquals("3", w1.get(columns.indexOf("入户数")));
        assertEquals(String.valueOf(expect(inMonth(5).stream().filter(p -> p.assignee() != null).toList()).received()),
                w1.get(columns.indexOf("受理数")));
        assertEquals("'" + INJECTION, byKey.get(INJECTED_USER).get(columns.indexOf("网格员名称")));
        assertEquals("合计", lines.get(lines.size() - 1).get(columns.indexOf("网格员名称")));
    }

    @Test
    void xlsxExportReadsBackWithNumbersAsNumbersAndTheInjectionAsText() throws Exception {
        HttpResponse<byte[]> x = bytes("/api/reports/monthly?period=2018-05&level=worker&scope=" + community + "&format=xlsx", analyst);
        assertEquals(200, x.statusCode(), new String(x.body(), StandardCharsets.UTF_8));
        Xlsx book = Xlsx.read(x.body());
        assertEquals("月通报", book.sheetName);
        assertTrue(book.cell(0, 0).text().contains("月通报"), book.cell(0, 0).toString());
        int header = 0;
        while (book.cell(header, 0) == null || !"排名".equals(book.cell(header, 0).text())) {
            header++;
        }
        Map<String, Integer> col = new HashMap<>();
        for (Map.Entry<Integer, Xlsx.Cell> e : book.rows.get(header).entrySet()) {
            col.put(e.getValue().text(), e.getKey());
        }
        Integer injected = null;
        Integer w1 = null;
        for (int r = header + 1; r < book.rows.size(); r++) {
            Xlsx.Cell key = book.cell(r, col.get("账号"));
            if (key != null && INJECTED_USER.equals(key.text())) {
                injected = r;
            } else if (key != null && patrolWorkers[0].equals(key.text())) {
                w1 = r;
            }
        }
        assertNotNull(injected);
        Xlsx.Cell name = book.cell(injected, col.get("网格员名称"));
        assertEquals("s", name.type(), "a shared-string cell, not a formula: " + name);
        assertNull(name.formula());
        assertEquals("'" + INJECTION, name.text());
        assertFalse(book.anyFormula, "no cell of the sheet holds a formula");
        assertNotNull(w1);
        Xlsx.Cell days = book.cell(w1, col.get("巡查人日"));
        assertEquals("n", days.type(), days.toString());
        assertEquals(3.0, Double.parseDouble(days.text()));
        Xlsx.Cell coverage = book.cell(w1, col.get("平均覆盖率"));
        assertEquals("n", coverage.type());
        assertEquals(0.7, Double.parseDouble(coverage.text()), 1e-9);
    }

    /**
     * The first sheet of an XLSX package read with the JDK alone (zip + DOM): cells by row and column
     * index with their type ({@code s} shared string, {@code inlineStr}, {@code str} formula text,
     * {@code n} number), text and formula if any.
     */
    static final class Xlsx {

        record Cell(String type, String text, String formula) {
        }

        String sheetName;
        final List<Map<Integer, Cell>> rows = new ArrayList<>();
        boolean anyFormula;

        Cell cell(int row, int column) {
            return row < rows.size() ? rows.get(row).get(column) : null;
        }

        static Xlsx read(byte[] bytes) throws Exception {
            // ZipFile reads the central directory: the streamed entries' sizes are only in data descriptors.
            Map<String, byte[]> parts = new HashMap<>();
            java.nio.file.Path file = java.nio.file.Files.createTempFile("report", ".xlsx");
            try {
                java.nio.file.Files.write(file, bytes);
                try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
                    for (java.util.zip.ZipEntry e : java.util.Collections.list(zip.entries())) {
                        try (java.io.InputStream in = zip.getInputStream(e)) {
                            parts.put(e.getName(), in.readAllBytes());
                        }
                    }
                }
            } finally {
                java.nio.file.Files.deleteIfExists(file);
            }
            Xlsx out = new Xlsx();
            org.w3c.dom.Document workbook = dom(parts.get("xl/workbook.xml"));
            out.sheetName = ((org.w3c.dom.Element) workbook.getElementsByTagName("sheet").item(0)).getAttribute("name");
            List<String> shared = new ArrayList<>();
            if (parts.containsKey("xl/sharedStrings.xml")) {
                org.w3c.dom.NodeList si = dom(parts.get("xl/sharedStrings.xml")).getElementsByTagName("si");
                for (int i = 0; i < si.getLength(); i++) {
                    shared.add(si.item(i).getTextContent());
                }
            }
            org.w3c.dom.NodeList rowNodes = dom(parts.get("xl/worksheets/sheet1.xml")).getElementsByTagName("row");
            for (int i = 0; i < rowNodes.getLength(); i++) {
                org.w3c.dom.Element row = (org.w3c.dom.Element) rowNodes.item(i);
                int r = Integer.parseInt(row.getAttribute("r")) - 1;
                while (out.rows.size() <= r) {
                    out.rows.add(new HashMap<>());
                }
                org.w3c.dom.NodeList cells = row.getElementsByTagName("c");
                for (int j = 0; j < cells.getLength(); j++) {
                    org.w3c.dom.Element c = (org.w3c.dom.Element) cells.item(j);
                    String type = c.getAttribute("t").isEmpty() ? "n" : c.getAttribute("t");
                    String formula = text(c, "f");
                    out.anyFormula |= formula != null;
                    String value = text(c, "v");
                    String text = switch (type) {
                        case "s" -> shared.get(Integer.parseInt(value));
                        case "inlineStr" -> c.getElementsByTagName("is").item(0).getTextContent();
                        default -> value;
                    };
                    out.rows.get(r).put(column(c.getAttribute("r")), new Cell(type, text, formula));
                }
            }
            return out;
        }

        private static String text(org.w3c.dom.Element c, String tag) {
            org.w3c.dom.NodeList n = c.getElementsByTagName(tag);
            return n.getLength() == 0 ? null : n.item(0).getTextContent();
        }

        private static int column(String ref) {
            int col = 0;
            for (char ch : ref.toCharArray()) {
                if (!Character.isLetter(ch)) {
                    break;
                }
                col = col * 26 + (ch - 'A' + 1);
            }
            return col - 1;
        }

        private static org.w3c.dom.Document dom(byte[] xml) throws Exception {
            javax.xml.parsers.DocumentBuilderFactory f = javax.xml.parsers.DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        }
    }

    @Test
    void printablePageIsARedHeadedA4PageWithEscapedNames() {
        Http.Response r = http.get("/api/reports/monthly?period=2018-05&level=worker&scope=" + community + "&format=html", analyst);
        assertEquals(200, r.status(), r.body());
        assertTrue(r.contentType().startsWith("text/html"));
        assertTrue(r.body().contains("size: A4"), "A4 print CSS");
        assertTrue(r.body().contains("class=\"red-head\""));
        assertTrue(r.body().contains("2018年5月 网格员月通报"), r.body().substring(0, 2000));
        assertTrue(r.body().contains("=HYPERLINK(&quot;http://evil.example/&quot;"), "names are HTML-escaped");
        assertFalse(r.body().contains(INJECTION));
    }

    @Test
    void exportsAreAuditedAndJsonViewsAreNot() throws Exception {
        long before = audits();
        bytes("/api/reports/monthly?period=2018-05&level=l1&scope=410103&format=xlsx", analyst);
        assertEquals(before + 1, audits());
        http.get("/api/reports/monthly?period=2018-05&level=l1&scope=410103", analyst);
        assertEquals(before + 1, audits());
        try (Connection c = dataSource.getConnection()) {
            assertEquals("report:monthly/2018-05/l1/410103", strings(c,
                    "SELECT target FROM audit_log WHERE action = 'report.export' ORDER BY id DESC LIMIT 1").get(0));
        }
    }

    @Test
    void aDepartmentSeesOnlyItsOwnRow() {
        String dept = http.login("dept", DemoUsers.DEMO_PASSWORD);
        Http.Response r = http.get("/api/reports/monthly?period=2018-05&level=department", dept);
        assertEquals(200, r.status(), r.body());
        List<Map<String, Object>> rows = list(r);
        assertEquals(1, rows.size(), r.body());
        assertEquals(dept1, rows.get(0).get("key"));
        assertFigures(expect(inMonth(5).stream().filter(p -> p.department().equals(dept1)).toList()), rows.get(0), "department");
        assertEquals(403, http.get("/api/reports/monthly?period=2018-05&level=l1", dept).status());
        // The analyst sees every department, the second one with its own figures.
        Map<String, Map<String, Object>> all = rowsByKey(http.get("/api/reports/monthly?period=2018-05&level=department", analyst));
        assertFigures(expect(inMonth(5).stream().filter(p -> p.department().equals(dept2)).toList()), all.get(dept2), "department 2");
    }

    @Test
    void communityStaffSeeTheirCommunityOnly() {
        String worker = http.login("worker", DemoUsers.DEMO_PASSWORD);
        Http.Response r = http.get("/api/reports/monthly?period=2018-05", worker);
        assertEquals(200, r.status(), r.body());
        assertEquals("l3", r.map().get("level"));
        for (Map<String, Object> row : list(r)) {
            assertTrue(((String) row.get("key")).startsWith("410103001004"), row.toString());
        }
        assertEquals(403, http.get("/api/reports/monthly?period=2018-05&scope=410103", worker).status());
        String communityAnalyst = http.login("rpt_comm", DemoUsers.DEMO_PASSWORD);
        Http.Response own = http.get("/api/reports/monthly?period=2018-05&level=l2", communityAnalyst);
        assertEquals(200, own.status(), own.body());
        assertEquals(List.of(community), list(own).stream().map(m -> m.get("key")).toList());
        assertFigures(expect(inMonth(5).stream().filter(p -> p.l2().equals(community)).toList()), list(own).get(0), "community");
    }

    @Test
    void aCityWideAnalystGetsTheStreetsOfEveryDistrictOfTheCity() {
        String city = http.login("rpt_city", DemoUsers.DEMO_PASSWORD);
        Http.Response r = http.get("/api/reports/monthly?period=2018-05", city);
        assertEquals(200, r.status(), r.body());
        assertEquals("l1", r.map().get("level"));
        assertEquals("4101", ((Map<?, ?>) r.map().get("scope")).get("code"));
        Map<String, Map<String, Object>> rows = rowsByKey(r);
        for (String street : streets) {
            assertFigures(expect(inMonth(5).stream().filter(p -> p.street().equals(street)).toList()), rows.get(street), street);
        }
        assertEquals(rowsByKey(http.get("/api/reports/monthly?period=2018-05&level=l1&scope=410103", analyst)).keySet(), rows.keySet(),
                "the demo city has one district");
        assertProblem(http.get("/api/reports/monthly?period=2018-05&scope=4102", city), 400, "scope");
    }

    @Test
    void badInputIsAProblemNamingTheParameter() {
        assertProblem(http.get("/api/reports/weekly?period=2018-05", analyst), 400, "kind");
        assertProblem(http.get("/api/reports/monthly?period=2018-05&level=province", analyst), 400, "level");
        assertProblem(http.get("/api/reports/monthly?period=2018-5x", analyst), 400, "period");
        assertProblem(http.get("/api/reports/monthly?period=2018-05-01", analyst), 400, "period");
        assertProblem(http.get("/api/reports/monthly?period=" + LocalDate.now().plusMonths(2).toString().substring(0, 7), analyst), 400, "period");
        assertProblem(http.get("/api/reports/quarterly?period=2018-Q7", analyst), 400, "period");
        assertProblem(http.get("/api/reports/monthly?period=2018-05&scope=999999", analyst), 400, "scope");
        assertProblem(http.get("/api/reports/monthly?period=2018-05&format=pdf", analyst), 400, "format");
        String communityAnalyst = http.login("rpt_comm", DemoUsers.DEMO_PASSWORD);
        assertProblem(http.get("/api/reports/monthly?period=2018-05&level=l1", communityAnalyst), 400, "level");
        assertProblem(http.get("/api/reports/monthly?period=2018-05&scope=410103", communityAnalyst), 403, null);
        assertEquals(403, http.get("/api/reports/monthly?period=2018-05", http.login("rpt_planner", DemoUsers.DEMO_PASSWORD)).status());
        assertEquals(401, http.get("/api/reports/monthly?period=2018-05").status());
    }

    // ---------------------------------------------------------------------------------------- helpers

    void assertProblem(Http.Response r, int status, String parameter) {
        assertEquals(status, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        if (parameter != null) {
            assertTrue(r.body().contains("'" + parameter + "'"), r.body());
        }
    }

    static void assertFigures(Expected e, Map<String, Object> row, String what) {
        assertEquals(e.received(), ((Number) row.get("received")).longValue(), what + " received");
        assertEquals(e.closed(), ((Number) row.get("closed")).longValue(), what + " closed");
        assertEquals(e.closureRate(), num(row.get("closureRate")), what + " closure rate");
        assertEquals(e.onTimeRate(), num(row.get("onTimeRate")), what + " on-time rate");
        assertEquals(e.averageCloseHours(), num(row.get("averageCloseHours")), what + " average hours");
        assertEquals(e.returned(), ((Number) row.get("returned")).longValue(), what + " returned");
        assertEquals(e.reopened(), ((Number) row.get("reopened")).longValue(), what + " re-opened");
        assertEquals(e.rated(), ((Number) row.get("rated")).longValue(), what + " rated");
        assertEquals(e.satisfactionRate(), num(row.get("satisfactionRate")), what + " satisfaction");
    }

    static Double num(Object o) {
        return o == null ? null : ((Number) o).doubleValue();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Http.Response r) {
        return (List<Map<String, Object>>) r.map().get("rows");
    }

    static Map<String, Map<String, Object>> rowsByKey(Http.Response r) {
        return list(r).stream().collect(Collectors.toMap(m -> (String) m.get("key"), m -> m));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> patrol(Map<String, Object> row) {
        Map<String, Object> p = (Map<String, Object>) row.get("patrol");
        Map<String, Object> out = new HashMap<>();
        p.forEach((k, v) -> out.put(k, v instanceof Integer i ? Long.valueOf(i) : v));
        return out;
    }

    HttpResponse<byte[]> bytes(String pathAndQuery, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.getURI() + pathAndQuery)).header("Authorization", "Bearer " + token)
                .GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    long audits() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return Long.parseLong(strings(c, "SELECT count(*) FROM audit_log WHERE action = 'report.export'").get(0));
        }
    }

    /** RFC 4180 lines: quoted fields with doubled quotes, CRLF line ends. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> lines = new ArrayList<>();
        List<String> line = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                line.add(cell.toString());
                cell.setLength(0);
            } else if (ch == '\r') {
                continue;
            } else if (ch == '\n') {
                line.add(cell.toString());
                cell.setLength(0);
                lines.add(line);
                line = new ArrayList<>();
            } else {
                cell.append(ch);
            }
        }
        return lines.stream().filter(l -> !(l.size() == 1 && l.get(0).isEmpty())).toList();
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

    /** The first row's columns as text (arrays joined by commas). */
    static String[] firstRow(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "no row for " + arg);
                String[] out = new String[rs.getMetaData().getColumnCount()];
                for (int i = 0; i < out.length; i++) {
                    Object v = rs.getObject(i + 1);
                    if (v instanceof java.sql.Array a) {
                        Object[] items = (Object[]) a.getArray();
                        out[i] = java.util.Arrays.stream(items).map(String::valueOf).collect(Collectors.joining(","));
                    } else {
                        out[i] = String.valueOf(v);
                    }
                }
                return out;
            }
        }
    }

    static void update(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            ps.executeUpdate();
        }
    }
}
