import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;

import cn.yiwang.patrol.analysis.AnalysisRules;
import cn.yiwang.patrol.analysis.PatrolAnalysisService;
import cn.yiwang.patrol.analysis.PatrolDayAnalyser;
import cn.yiwang.patrol.analysis.PatrolDayRepository;
import cn.yiwang.patrol.analysis.PatrolGrid;
import cn.yiwang.patrol.analysis.TrackPoint;
import cn.yiwang.sim.PatrolWalkGenerator;

/**
 * Patrol analysis benchmark (issue 7 part 3), run by server/bench/patrol-analysis.sh against a running
 * server on its own cluster:
 *   setup (once, kept): WORKERS grid workers (the 846 demo ones plus bench-w… users on duty for the
 *     same level-3 grids, round robin), each with one day of 2,880 fixes (08:00–16:00, one per 10 s,
 *     PatrolWalkGenerator: lawnmower with noise, stops, bad fixes) COPied into patrol_point on BENCH_DAY;
 *   a) one worker-day: for SAMPLE workers of distinct grids, the DB reads (fixes of the batch in one
 *     query; grids, micro grids and buildings) and then the analysis alone, per worker-day, p50/p99;
 *   b) the whole city day: POST /api/admin/patrol/analyse?date=BENCH_DAY as ops — every worker read,
 *     analysed and stored by the server, wall time.
 * Usage: java -cp CP PatrolAnalysisBench.java JDBC USER PASSWORD BASE_URL TOKEN WORKERS SAMPLE
 */
public class PatrolAnalysisBench {

    static final LocalDate BENCH_DAY = LocalDate.of(2026, 1, 5);
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final int FIXES = 2880;

    public static void main(String[] a) throws Exception {
        String jdbc = a[0], user = a[1], password = a[2], base = a[3], token = a[4];
        int workers = Integer.parseInt(a[5]);
        int sample = Integer.parseInt(a[6]);
        try (Connection c = DriverManager.getConnection(jdbc, user, password)) {
            setup(c, workers);
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(jdbc);
        ds.setUser(user);
        ds.setPassword(password);
        PatrolDayRepository repo = new PatrolDayRepository(ds);
        AnalysisRules rules = AnalysisRules.DEFAULTS;
        PatrolDayAnalyser analyser = new PatrolDayAnalyser(rules);

        // a) one worker-day, sample of distinct grids
        List<PatrolDayRepository.Worker> all = repo.workers();
        List<PatrolDayRepository.Worker> picked = new ArrayList<>();
        java.util.Set<String> grids = new java.util.HashSet<>();
        for (PatrolDayRepository.Worker w : all) {
            if (w.ownGrid() != null && grids.add(w.ownGrid()) && picked.size() < sample) {
                picked.add(w);
            }
        }
        var from = BENCH_DAY.atStartOfDay(ZONE).toInstant();
        var to = BENCH_DAY.plusDays(1).atStartOfDay(ZONE).toInstant();
        long t0 = System.nanoTime();
        Map<Long, List<TrackPoint>> points = repo.points(picked.stream().map(PatrolDayRepository.Worker::userId).toList(), from, to);
        long t1 = System.nanoTime();
        Map<String, PatrolGrid> prepared = PatrolAnalysisService.prepare(repo, new ArrayList<>(grids).subList(0, picked.size()), rules);
        long t2 = System.nanoTime();
        long fixes = points.values().stream().mapToLong(List::size).sum();
        System.out.printf(Locale.ROOT, "  DB reads for %d worker-days (%,d fixes): fixes %.0f ms (%.2f ms per worker-day),"
                + " grids + micro grids + buildings and preparing them %.0f ms (%.2f ms per grid)%n", picked.size(), fixes,
                (t1 - t0) / 1e6, (t1 - t0) / 1e6 / picked.size(), (t2 - t1) / 1e6, (t2 - t1) / 1e6 / picked.size());
        double[] ms = new double[picked.size()];
        double[] cpu = new double[picked.size()];
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < picked.size(); i++) {
                PatrolDayRepository.Worker w = picked.get(i);
                List<TrackPoint> p = points.getOrDefault(w.userId(), List.of());
                long c0 = mx.getCurrentThreadCpuTime();
                long s = System.nanoTime();
                analyser.analyse(p, prepared.get(w.ownGrid()), List.of());
                ms[i] = (System.nanoTime() - s) / 1e6;
                cpu[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
            }
        }
        Arrays.sort(ms);
        Arrays.sort(cpu);
        // On a shared machine wall time includes waiting for a core; the thread's CPU time is the work itself.
        System.out.printf(Locale.ROOT, "  analysis of one worker-day (%d fixes, 5th round, one thread): wall p50 %.2f ms, p99 %.2f ms;"
                + " CPU p50 %.2f ms, p99 %.2f ms%n", FIXES, ms[ms.length / 2], ms[(int) Math.floor(ms.length * 0.99)],
                cpu[cpu.length / 2], cpu[(int) Math.floor(cpu.length * 0.99)]);

        // b) the whole day through the server
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        long h0 = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/admin/patrol/analyse?date=" + BENCH_DAY))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofMinutes(30))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        long h1 = System.nanoTime();
        System.out.printf(Locale.ROOT, "  whole day over HTTP: %d, %s; wall %.1f s%n", r.statusCode(), r.body(), (h1 - h0) / 1e9);
    }

    /** Bench workers and their day of fixes, once (a marker table says what was generated). */
    static void setup(Connection c, int workers) throws Exception {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS bench_patrol_analysis (workers integer PRIMARY KEY)");
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM bench_patrol_analysis WHERE workers = " + workers)) {
                if (rs.next()) {
                    System.out.printf("  (reusing %,d generated worker-days of %s)%n", workers, BENCH_DAY);
                    return;
                }
            }
        }
        long g0 = System.nanoTime();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("DELETE FROM patrol_point WHERE fixed_at >= '" + BENCH_DAY + " 00:00+08' AND fixed_at < '" + BENCH_DAY.plusDays(1) + " 00:00+08'");
            st.execute("DELETE FROM patrol_day WHERE day = '" + BENCH_DAY + "'");
            st.execute("DELETE FROM bench_patrol_analysis");
            // Extra workers on duty for the demo level-3 grids, round robin, as many as needed.
            st.execute("""
                    WITH l3 AS (SELECT grid_code, row_number() OVER (ORDER BY grid_code) - 1 AS i, count(*) OVER () AS n
                                FROM (SELECT DISTINCT grid_code FROM grid_duty) d),
                         need AS (SELECT generate_series(1, greatest(0, %d - (SELECT count(*) FROM app_user WHERE role = 'grid_worker'
                                  AND username NOT LIKE 'bench-w%%'))) AS k)
                    INSERT INTO app_user (username, password_hash, role, scope_code, display_name)
                    SELECT 'bench-w' || k, '!', 'grid_worker', substr(l3.grid_code, 1, 12), '压测网格员' || k
                    FROM need JOIN l3 ON l3.i = (k - 1) %% l3.n
                    ON CONFLICT (username) DO NOTHING""".formatted(workers));
            st.execute("""
                    INSERT INTO grid_duty (grid_code, user_id)
                    SELECT l3.grid_code, u.id FROM app_user u
                    JOIN (SELECT grid_code, row_number() OVER (ORDER BY grid_code) - 1 AS i, count(*) OVER () AS n
                          FROM (SELECT DISTINCT grid_code FROM grid_duty) d) l3
                      ON l3.i = (substr(u.username, 8)::int - 1) % l3.n
                    WHERE u.username LIKE 'bench-w%' ON CONFLICT DO NOTHING""");
            st.execute("SELECT patrol_ensure_partition('" + BENCH_DAY + "', 'Asia/Shanghai')");
        }
        c.commit();
        List<long[]> ids = new ArrayList<>();
        List<String> gridOf = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT u.id, min(d.grid_code) FROM app_user u JOIN grid_duty d ON d.user_id = u.id AND d.on_duty
                WHERE u.role = 'grid_worker' AND NOT u.disabled GROUP BY u.id ORDER BY u.id LIMIT ?""")) {
            ps.setInt(1, workers);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(new long[] {rs.getLong(1)});
                    gridOf.add(rs.getString(2));
                }
            }
        }
        Map<String, org.locationtech.jts.geom.Geometry> geoms = new java.util.HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT code, ST_AsBinary(geom) FROM grid_current WHERE level = 'l3'");
             ResultSet rs = ps.executeQuery()) {
            org.locationtech.jts.io.WKBReader reader = new org.locationtech.jts.io.WKBReader();
            while (rs.next()) {
                geoms.put(rs.getString(1), reader.read(rs.getBytes(2)));
            }
        }
        long start = BENCH_DAY.atTime(8, 0).atZone(ZONE).toInstant().toEpochMilli();
        StringBuilder sb = new StringBuilder(64 << 20);
        long rows = 0;
        for (int i = 0; i < ids.size(); i++) {
            long uid = ids.get(i)[0];
            for (PatrolWalkGenerator.Fix f : new PatrolWalkGenerator(uid, 40, 10).walk(geoms.get(gridOf.get(i)), start, FIXES)) {
                sb.append("410103\tbench-").append(uid).append('\t').append(uid).append('\t')
                        .append(java.time.Instant.ofEpochMilli(f.timeMillis())).append('\t').append(f.lon()).append('\t')
                        .append(f.lat()).append("\t\\N\t\\N\t\\N\t").append(f.accuracyM()).append("\t\\N\tbench\t\\N\n");
                rows++;
            }
            if (sb.length() > (48 << 20) || i == ids.size() - 1) {
                c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY patrol_point (district_code, device_id, user_id, fixed_at, lon, lat,"
                        + " speed_mps, bearing_deg, altitude_m, accuracy_m, battery_pct, source, attributes) FROM STDIN",
                        new StringReader(sb.toString()));
                c.commit();
                sb.setLength(0);
            }
        }
        try (Statement st = c.createStatement()) {
            st.execute("INSERT INTO bench_patrol_analysis VALUES (" + workers + ")");
            st.execute("ANALYZE patrol_point");
        }
        c.commit();
        c.setAutoCommit(true);
        System.out.printf(Locale.ROOT, "  generated %,d worker-days, %,d fixes, in %.0f s%n", ids.size(), rows, (System.nanoTime() - g0) / 1e9);
    }
}
