package cn.yiwang.sim;

import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;

/**
 * The patrol part of {@code ./yiwang simulate}: demo grid workers walk their level-3 grids during
 * working hours (08:30–12:00 and 14:00–17:30 local), one fix per 10 s from {@link PatrolWalkGenerator},
 * sent through the normal ingestion path ({@code POST /api/patrol/points} as the ops user, for the
 * workers' demo devices), on weekdays (the server stores fixes only on duty). Backfill sends whole working days of the past and then asks the server to
 * analyse those days ({@code POST /api/admin/patrol/analyse}), so reports and blind spots have data.
 *
 * <p>Device numbering follows {@code DemoPatrolDevices}: {@code demo-device-N} belongs to the worker of
 * the N-th level-3 grid by code (every demo level-3 grid has a worker). Workers are spread evenly
 * over the grids. Not thread-safe: one thread drives it.
 */
public final class PatrolSimulator {

    static final int FIX_SECONDS = 10;
    private static final LocalTime[][] SHIFTS = {{LocalTime.of(8, 30), LocalTime.of(12, 0)}, {LocalTime.of(14, 0), LocalTime.of(17, 30)}};
    private static final int MAX_BATCH = 10_000;

    private record Walker(String deviceId, Geometry grid, long seed) {
    }

    private final SimClient client;
    private final ZoneId zone;
    private final PrintStream out;
    private final List<Walker> walkers = new ArrayList<>();
    private final Map<String, List<PatrolWalkGenerator.Fix>> today = new java.util.HashMap<>();
    private LocalDate todayDate;
    private long posted;
    private long failed;

    public PatrolSimulator(SimClient client, ZoneId zone, PrintStream out) {
        this.client = client;
        this.zone = zone;
        this.out = out;
    }

    /** Picks {@code count} workers spread over the server's level-3 grids (all when count exceeds them). */
    @SuppressWarnings("unchecked")
    public int load(int count, long seed) {
        GeometryFactory gf = new GeometryFactory(new PrecisionModel(), ServerCatalog.WGS84_SRID);
        TreeMap<String, Geometry> l3 = new TreeMap<>();
        for (Map<String, Object> f : client.features("grids-l3", "ops")) {
            Map<String, Object> p = (Map<String, Object>) f.get("properties");
            l3.put((String) p.get("code"), ServerCatalog.geometry(gf, (Map<String, Object>) f.get("geometry")));
        }
        List<Geometry> grids = new ArrayList<>(l3.values());
        int n = Math.min(count, grids.size());
        for (int i = 0; i < n; i++) {
            int index = (int) ((long) i * grids.size() / n);
            walkers.add(new Walker("demo-device-" + (index + 1), grids.get(index), seed * 31 + index));
        }
        return walkers.size();
    }

    /** A worker's fixes of one shift of one day (deterministic per worker, day and shift). */
    private List<PatrolWalkGenerator.Fix> shift(Walker w, LocalDate day, int s) {
        long from = day.atTime(SHIFTS[s][0]).atZone(zone).toInstant().toEpochMilli();
        long to = day.atTime(SHIFTS[s][1]).atZone(zone).toInstant().toEpochMilli();
        int count = (int) ((to - from) / 1000 / FIX_SECONDS);
        return new PatrolWalkGenerator(w.seed() ^ day.toEpochDay() * 7919 ^ s, 40, FIX_SECONDS).walk(w.grid(), from, count);
    }

    /** Sends the working days {@code days} … 1 days before {@code now}, then has the server analyse them. */
    public void backfill(int days, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        for (int d = days; d >= 1; d--) {
            LocalDate day = today.minusDays(d);
            if (!onDuty(day)) {
                continue;
            }
            List<String[]> batch = new ArrayList<>();
            for (Walker w : walkers) {
                for (int s = 0; s < SHIFTS.length; s++) {
                    for (PatrolWalkGenerator.Fix f : shift(w, day, s)) {
                        batch.add(point(w, f));
                        if (batch.size() == MAX_BATCH) {
                            send(batch);
                        }
                    }
                }
            }
            send(batch);
            SimClient.Response r = client.post("/api/admin/patrol/analyse?date=" + day, "", "ops");
            out.printf(Locale.ROOT, "[simulate] patrol %s: %d workers walked, %,d fixes sent so far; analysis %d %s%n", day, walkers.size(),
                    posted, r.status(), r.status() == 200 ? r.body() : "");
        }
    }

    /**
     * Sends the fix due now of every worker on shift (call every {@value #FIX_SECONDS} s): shifts by the
     * pretended local time {@code now}, fixes stamped with the real time {@code real}.
     */
    public void tick(Instant now, Instant real) {
        LocalDate day = LocalDate.ofInstant(now, zone);
        if (!day.equals(todayDate)) {
            today.clear();
            todayDate = day;
        }
        if (!onDuty(day)) {
            return;
        }
        LocalTime t = LocalTime.ofInstant(now, zone);
        for (int s = 0; s < SHIFTS.length; s++) {
            if (t.isBefore(SHIFTS[s][0]) || !t.isBefore(SHIFTS[s][1])) {
                continue;
            }
            long shiftStart = day.atTime(SHIFTS[s][0]).atZone(zone).toInstant().toEpochMilli();
            int index = (int) ((now.toEpochMilli() - shiftStart) / 1000 / FIX_SECONDS);
            List<String[]> batch = new ArrayList<>();
            for (Walker w : walkers) {
                List<PatrolWalkGenerator.Fix> fixes = today.computeIfAbsent(w.deviceId() + "/" + s, k -> shift(w, day, sIndex(k)));
                if (index < fixes.size()) {
                    PatrolWalkGenerator.Fix f = fixes.get(index);
                    // Sent with the real time of the tick: the phone's fix is now.
                    batch.add(point(w, new PatrolWalkGenerator.Fix(real.toEpochMilli(), f.lon(), f.lat(), f.accuracyM())));
                }
            }
            send(batch);
        }
    }

    /**
     * Workers patrol on weekdays only: the server stores fixes only on duty (the district's shift on
     * working days, {@code yiwang.patrol.shift-days}), so weekend walks would be refused. Public
     * holidays are not known here; their fixes are refused by the server and reported.
     */
    static boolean onDuty(LocalDate day) {
        return day.getDayOfWeek() != java.time.DayOfWeek.SATURDAY && day.getDayOfWeek() != java.time.DayOfWeek.SUNDAY;
    }

    private static int sIndex(String key) {
        return Integer.parseInt(key.substring(key.lastIndexOf('/') + 1));
    }

    private static String[] point(Walker w, PatrolWalkGenerator.Fix f) {
        return new String[] {w.deviceId(), Instant.ofEpochMilli(f.timeMillis()).toString(),
            String.format(Locale.ROOT, "%.7f", f.lon()), String.format(Locale.ROOT, "%.7f", f.lat()),
            String.format(Locale.ROOT, "%.1f", f.accuracyM())};
    }

    private void send(List<String[]> batch) {
        if (batch.isEmpty()) {
            return;
        }
        StringBuilder body = new StringBuilder(batch.size() * 110).append("{\"points\":[");
        for (int i = 0; i < batch.size(); i++) {
            String[] p = batch.get(i);
            body.append(i == 0 ? "" : ",").append("{\"deviceId\":\"").append(p[0]).append("\",\"time\":\"").append(p[1])
                    .append("\",\"lon\":").append(p[2]).append(",\"lat\":").append(p[3]).append(",\"accuracy\":").append(p[4]).append('}');
        }
        body.append("]}");
        SimClient.Response r = client.post("/api/patrol/points", body.toString(), "ops");
        if (r.status() == 200) {
            posted += batch.size();
        } else {
            failed += batch.size();
            if (failed == batch.size()) {
                out.printf("[simulate] patrol points refused (%d): %s%n", r.status(), r.body().length() > 300 ? r.body().substring(0, 300) : r.body());
            }
        }
        batch.clear();
    }

    public long posted() {
        return posted;
    }

    public long failed() {
        return failed;
    }
}
