package cn.yiwang.patrol.analysis;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;

import cn.yiwang.db.Transactions;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/**
 * SQL of the patrol analysis: the workers, their fixes (one query per batch of workers, by the
 * {@code (user_id, fixed_at)} index of each day partition), their grids, the buildings in and around
 * them and their cases (one query each per batch), and the {@code patrol_day} rows. Thread-safe.
 */
@Singleton
public class PatrolDayRepository {

    /** A grid worker: the own grid is the smallest level-3 grid they are on duty for (as in {@code PatrolDevices}). */
    public record Worker(long userId, String username, String displayName, String districtCode, @Nullable String ownGrid, String scope) {

        /** Who may see this worker's days: those whose scope covers this code. */
        public String visibilityGrid() {
            return ownGrid != null ? ownGrid : scope;
        }
    }

    private static final String WORKERS = """
            SELECT u.id, u.username, u.display_name, u.scope_code,
                   (SELECT min(g.grid_code) FROM grid_duty g WHERE g.user_id = u.id AND g.on_duty) AS own
            FROM app_user u WHERE u.role = 'grid_worker' AND NOT u.disabled""";

    private static final String UPSERT = """
            INSERT INTO patrol_day (district_code, user_id, day, username, grid_code, fixes, kept_fixes, first_fix_at, last_fix_at,
                distance_m, duration_s, inside_s, coverage_share, buildings_total, buildings_passed, stops, idle_gaps, cases_reported,
                compliant, micro_passed, building_ids_passed, detail, track, analysed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ST_GeomFromWKB(?, 4326), now())
            ON CONFLICT (district_code, user_id, day) DO UPDATE SET username = EXCLUDED.username, grid_code = EXCLUDED.grid_code,
                fixes = EXCLUDED.fixes, kept_fixes = EXCLUDED.kept_fixes, first_fix_at = EXCLUDED.first_fix_at,
                last_fix_at = EXCLUDED.last_fix_at, distance_m = EXCLUDED.distance_m, duration_s = EXCLUDED.duration_s,
                inside_s = EXCLUDED.inside_s, coverage_share = EXCLUDED.coverage_share, buildings_total = EXCLUDED.buildings_total,
                buildings_passed = EXCLUDED.buildings_passed, stops = EXCLUDED.stops, idle_gaps = EXCLUDED.idle_gaps,
                cases_reported = EXCLUDED.cases_reported, compliant = EXCLUDED.compliant, micro_passed = EXCLUDED.micro_passed,
                building_ids_passed = EXCLUDED.building_ids_passed, detail = EXCLUDED.detail, track = EXCLUDED.track,
                analysed_at = now()""";

    /** One stored row as the API lists it (detail and track as text: JSON and GeoJSON). */
    public record Row(String districtCode, long userId, String username, LocalDate day, @Nullable String gridCode, int fixes,
                      int keptFixes, @Nullable Instant firstFixAt, @Nullable Instant lastFixAt, double distanceMeters,
                      long durationSeconds, long insideSeconds, double coverageShare, int buildingsTotal, int buildingsPassed,
                      int stops, int idleGaps, int casesReported, boolean compliant, List<String> microPassed, Instant analysedAt,
                      @Nullable String detailJson, @Nullable String trackWkbHex) {
    }

    private final DataSource dataSource;

    public PatrolDayRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Every active grid worker, by username. */
    public List<Worker> workers() {
        return query(WORKERS + " ORDER BY own NULLS LAST, u.username", ps -> { });
    }

    public Optional<Worker> worker(String username) {
        List<Worker> w = query(WORKERS + " AND u.username = ?", ps -> ps.setString(1, username));
        return w.isEmpty() ? Optional.empty() : Optional.of(w.get(0));
    }

    /** Whether a user of this name exists (of any role). */
    public boolean userExists(String username) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM app_user WHERE username = ?")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading a user failed", e);
        }
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<Worker> query(String sql, Binder binder) {
        List<Worker> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String scope = rs.getString(4);
                    out.add(new Worker(rs.getLong(1), rs.getString(2), rs.getString(3), scope.length() >= 6 ? scope.substring(0, 6) : scope,
                            rs.getString(5), scope));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading grid workers failed", e);
        }
        return out;
    }

    /** The fixes of these users in [from, to), by user id, in no particular order. */
    public Map<Long, List<TrackPoint>> points(Collection<Long> userIds, Instant from, Instant to) {
        Map<Long, List<TrackPoint>> out = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT user_id, (extract(epoch FROM fixed_at) * 1000)::bigint, lon, lat, accuracy_m FROM patrol_point"
                + " WHERE user_id = ANY (?) AND fixed_at >= ? AND fixed_at < ?")) {
            c.setAutoCommit(false);
            // Binary results from the first execution: parsing text timestamps and doubles cost more than the scan.
            ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(-1);
            ps.setFetchSize(50_000);
            ps.setArray(1, c.createArrayOf("bigint", userIds.toArray()));
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setTimestamp(3, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    float acc = rs.getFloat(5);
                    double accuracy = rs.wasNull() ? Double.NaN : acc;
                    out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>(3000)).add(new TrackPoint(
                            rs.getLong(2), rs.getDouble(3), rs.getDouble(4), accuracy));
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("reading patrol points failed", e);
        }
        return out;
    }

    /** Grid geometries (WGS84) by code: the given codes, or with {@code children} the micro grids under them. */
    public Map<String, Geometry> grids(Collection<String> codes, boolean children) {
        String sql = children
                ? "SELECT code, ST_AsBinary(geom), parent_code FROM grid_current WHERE level = 'micro' AND parent_code = ANY (?) ORDER BY code"
                : "SELECT code, ST_AsBinary(geom), code FROM grid_current WHERE code = ANY (?)";
        Map<String, Geometry> out = new LinkedHashMap<>();
        WKBReader reader = new WKBReader();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", codes.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Geometry g = reader.read(rs.getBytes(2));
                    g.setSRID(4326);
                    out.put(rs.getString(1), g);
                }
            }
        } catch (SQLException | ParseException e) {
            throw new IllegalStateException("reading grids failed", e);
        }
        return out;
    }

    /** Buildings in or within ~40 m of each grid, by grid code; {@code inGrid} when the building's micro grid is under it. */
    public Map<String, List<PatrolGrid.Building>> buildings(Collection<String> gridCodes) {
        Map<String, List<PatrolGrid.Building>> out = new HashMap<>();
        WKBReader reader = new WKBReader();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT g.code, b.id, b.name, b.compound, b.micro_code, ST_AsBinary(b.geom)
                FROM grid_current g JOIN building b ON b.geom && ST_Expand(g.geom, 0.0004)
                WHERE g.code = ANY (?)""")) {
            ps.setArray(1, c.createArrayOf("text", gridCodes.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String grid = rs.getString(1);
                    String micro = rs.getString(5);
                    Geometry g = reader.read(rs.getBytes(6));
                    g.setSRID(4326);
                    out.computeIfAbsent(grid, k -> new ArrayList<>()).add(new PatrolGrid.Building(rs.getString(2), rs.getString(3),
                            rs.getString(4), micro != null && micro.startsWith(grid), g));
                }
            }
        } catch (SQLException | ParseException e) {
            throw new IllegalStateException("reading buildings failed", e);
        }
        return out;
    }

    /** Codes of the cases each user reported in [from, to), by username. */
    public Map<String, List<String>> cases(Collection<String> usernames, Instant from, Instant to) {
        Map<String, List<String>> out = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT created_by, code FROM case_record WHERE created_by = ANY (?) AND created_at >= ? AND created_at < ? ORDER BY created_at")) {
            ps.setArray(1, c.createArrayOf("text", usernames.toArray()));
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setTimestamp(3, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading reported cases failed", e);
        }
        return out;
    }

    /** A result ready to store. */
    public record Stored(Worker worker, LocalDate day, PatrolDayResult result, String detailJson) {
    }

    /** Upserts the rows in one transaction: all or nothing. */
    public void store(List<Stored> rows) {
        if (rows.isEmpty()) {
            return;
        }
        WKBWriter wkb = new WKBWriter();
        Transactions.inTransaction(dataSource, "storing patrol days", c -> {
            try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
                for (Stored s : rows) {
                    PatrolDayResult r = s.result();
                    int i = 1;
                    ps.setString(i++, s.worker().districtCode());
                    ps.setLong(i++, s.worker().userId());
                    ps.setObject(i++, s.day());
                    ps.setString(i++, s.worker().username());
                    ps.setString(i++, s.worker().ownGrid());
                    ps.setInt(i++, r.fixes());
                    ps.setInt(i++, r.keptFixes());
                    ps.setTimestamp(i++, r.firstFixAt() == null ? null : Timestamp.from(r.firstFixAt()));
                    ps.setTimestamp(i++, r.lastFixAt() == null ? null : Timestamp.from(r.lastFixAt()));
                    ps.setDouble(i++, r.distanceMeters());
                    ps.setLong(i++, r.durationSeconds());
                    ps.setLong(i++, r.insideSeconds());
                    ps.setDouble(i++, Math.min(1, Math.max(0, r.coverageShare())));
                    ps.setInt(i++, r.buildingsTotal());
                    ps.setInt(i++, r.buildingsPassed());
                    ps.setInt(i++, r.stops().size());
                    ps.setInt(i++, r.gaps().size());
                    ps.setInt(i++, r.caseCodes().size());
                    ps.setBoolean(i++, r.compliant());
                    ps.setArray(i++, c.createArrayOf("text", r.microPassed().toArray()));
                    ps.setArray(i++, c.createArrayOf("text", r.buildingIdsPassed().toArray()));
                    ps.setString(i++, s.detailJson());
                    ps.setBytes(i++, r.track() == null ? null : wkb.write(r.track()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    private static final String ROW_COLUMNS = "district_code, user_id, username, day, grid_code, fixes, kept_fixes, first_fix_at,"
            + " last_fix_at, distance_m, duration_s, inside_s, coverage_share, buildings_total, buildings_passed, stops, idle_gaps,"
            + " cases_reported, compliant, micro_passed, analysed_at";

    /** Rows of a day whose grid (or, for workers without one, username's scope) starts with {@code gridPrefix}. */
    public List<Row> list(LocalDate day, String gridPrefix, @Nullable String username) {
        String sql = "SELECT " + ROW_COLUMNS + ", NULL, NULL FROM patrol_day WHERE day = ? AND grid_code LIKE ?"
                + (username == null ? "" : " AND username = ?") + " ORDER BY grid_code, username";
        return rows(sql, ps -> {
            ps.setObject(1, day);
            ps.setString(2, like(gridPrefix));
            if (username != null) {
                ps.setString(3, username);
            }
        });
    }

    public Optional<Row> find(long userId, LocalDate day) {
        List<Row> r = rows("SELECT " + ROW_COLUMNS + ", detail::text, encode(ST_AsBinary(track), 'hex') FROM patrol_day WHERE user_id = ? AND day = ?", ps -> {
            ps.setLong(1, userId);
            ps.setObject(2, day);
        });
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    private List<Row> rows(String sql, Binder binder) {
        List<Row> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp first = rs.getTimestamp(8);
                    Timestamp last = rs.getTimestamp(9);
                    out.add(new Row(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getObject(4, LocalDate.class), rs.getString(5),
                            rs.getInt(6), rs.getInt(7), first == null ? null : first.toInstant(), last == null ? null : last.toInstant(),
                            rs.getDouble(10), rs.getLong(11), rs.getLong(12), rs.getDouble(13), rs.getInt(14), rs.getInt(15),
                            rs.getInt(16), rs.getInt(17), rs.getInt(18), rs.getBoolean(19),
                            List.of((String[]) rs.getArray(20).getArray()), rs.getTimestamp(21).toInstant(), rs.getString(22), rs.getString(23)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading patrol days failed", e);
        }
        return out;
    }

    /** A blind spot: a micro grid or building not passed in the window. */
    public record BlindSpot(String kind, String id, @Nullable String name, String gridCode, @Nullable LocalDate lastPassed,
                            String geometryJson) {
    }

    /**
     * Micro grids and buildings under {@code gridPrefix} that no stored day in [{@code since}, {@code until}] passed,
     * with the last day anyone passed them (before the window) or null.
     */
    public List<BlindSpot> blindSpots(String gridPrefix, LocalDate since, LocalDate until, int limit) {
        String sql = """
                WITH recent AS (
                    SELECT day, micro_passed, building_ids_passed FROM patrol_day WHERE grid_code LIKE ? AND day <= ?
                ), micro AS (
                    SELECT m AS code, max(day) AS last_day FROM recent, unnest(micro_passed) m GROUP BY m
                ), bld AS (
                    SELECT b AS id, max(day) AS last_day FROM recent, unnest(building_ids_passed) b GROUP BY b
                )
                (SELECT 'micro', g.code, g.name, g.code, m.last_day, ST_AsGeoJSON(g.geom, 7)
                 FROM grid_current g LEFT JOIN micro m ON m.code = g.code
                 WHERE g.level = 'micro' AND g.code LIKE ? AND (m.last_day IS NULL OR m.last_day < ?)
                 ORDER BY g.code LIMIT ?)
                UNION ALL
                (SELECT 'building', b.id, coalesce(b.name, b.compound), b.micro_code, x.last_day, ST_AsGeoJSON(b.geom, 7)
                 FROM building b LEFT JOIN bld x ON x.id = b.id
                 WHERE b.micro_code LIKE ? AND (x.last_day IS NULL OR x.last_day < ?)
                 ORDER BY b.micro_code, b.id LIMIT ?)""";
        List<BlindSpot> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            String like = like(gridPrefix);
            ps.setString(1, like);
            ps.setObject(2, until);
            ps.setString(3, like);
            ps.setObject(4, since);
            ps.setInt(5, limit);
            ps.setString(6, like);
            ps.setObject(7, since);
            ps.setInt(8, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new BlindSpot(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getObject(5, LocalDate.class), rs.getString(6)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading blind spots failed", e);
        }
        return out;
    }

    static String like(String prefix) {
        return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
