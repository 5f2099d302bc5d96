package cn.yiwang.planner;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/**
 * SQL of the planner: the {@code grid_draft} table, the current grids a draft works on, and the
 * writes of a commit (new grid versions, building links). Every method runs on the caller's
 * connection, so a commit is one transaction. Geometry travels as WKB in EPSG:4326.
 */
@Singleton
public class GridDraftRepository {

    /** A stored draft; {@code childrenJson} is its FeatureCollection text. */
    public record Draft(long id, String parentCode, String childLevel, String owner, long ownerId, String status, int revision,
                        Map<String, Integer> baseVersions, String childrenJson, @Nullable String conflictJson, Instant createdAt,
                        Instant updatedAt) {
    }

    /** A current grid row. */
    public record GridRow(String code, String level, @Nullable String parentCode, String name, @Nullable String kind, int version,
                          Instant validFrom, Geometry geometry) {

        DraftChild child() {
            return new DraftChild(code, name, kind, parentCode, geometry);
        }
    }

    /** A point-located record (building, case, patrol position) with the grid it is linked to now. */
    public record Located(String id, double lon, double lat, @Nullable String grid, int households, @Nullable String status) {
    }

    private static final String GRID_COLUMNS = "code, level, parent_code, name, kind, version, valid_from, ST_AsBinary(geom)";

    private final io.micronaut.json.JsonMapper json;

    public GridDraftRepository(io.micronaut.json.JsonMapper json) {
        this.json = json;
    }

    public long insert(Connection c, String parentCode, String childLevel, String owner, long ownerId, Map<String, Integer> baseVersions,
                       String childrenJson) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO grid_draft (district_code, parent_code, child_level, owner, owner_id, base_versions, children)
                VALUES (left(?, 6), ?, ?, ?, ?, ?::jsonb, ?::jsonb) RETURNING id""")) {
            ps.setString(1, parentCode);
            ps.setString(2, parentCode);
            ps.setString(3, childLevel);
            ps.setString(4, owner);
            ps.setLong(5, ownerId);
            ps.setString(6, write(baseVersions));
            ps.setString(7, childrenJson);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public Optional<Draft> find(Connection c, long id, boolean forUpdate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT id, parent_code, child_level, owner, owner_id, status, revision, base_versions::text, children::text, conflict::text,
                       created_at, updated_at FROM grid_draft WHERE id = ?""" + (forUpdate ? " FOR UPDATE" : ""))) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Map<String, Integer> base = new LinkedHashMap<>();
                Map<?, ?> raw = json.readValue(rs.getString(8), Map.class);
                raw.forEach((k, v) -> base.put(k.toString(), ((Number) v).intValue()));
                return Optional.of(new Draft(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getString(6),
                        rs.getInt(7), base, rs.getString(9), rs.getString(10), rs.getTimestamp(11).toInstant(), rs.getTimestamp(12).toInstant()));
            }
        } catch (java.io.IOException e) {
            throw new SQLException("draft " + id + " has unreadable base versions", e);
        }
    }

    /** Replaces the child set; the revision goes up by one. */
    public int saveChildren(Connection c, long id, String childrenJson) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE grid_draft SET children = ?::jsonb, revision = revision + 1, updated_at = now(), conflict = NULL
                WHERE id = ? RETURNING revision""")) {
            ps.setString(1, childrenJson);
            ps.setLong(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    public void setConflict(Connection c, long id, Map<String, Object> conflict) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE grid_draft SET conflict = ?::jsonb, updated_at = now() WHERE id = ?")) {
            ps.setString(1, write(conflict));
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    public void markCommitted(Connection c, long id, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE grid_draft SET status = 'committed', committed_at = ?, updated_at = now(), conflict = NULL WHERE id = ?")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    public Optional<GridRow> current(Connection c, String code) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + GRID_COLUMNS + " FROM grid WHERE valid_to IS NULL AND code = ?")) {
            ps.setString(1, code);
            List<GridRow> rows = rows(ps);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
        }
    }

    /**
     * Turns PostgreSQL's JIT compilation and parallel workers off for the rest of the transaction.
     * The commit's checks (ST_IsValid, ST_Union over the siblings) are costed far above
     * {@code jit_above_cost} because the code prefix filter cannot use an index, and compiling them
     * took 0.3–0.6 s per commit on the city-scale data, where running them takes about 50 ms; the
     * same estimate starts parallel workers, whose start-up costs more than the scan they share
     * (measured: the validity check took 16–26 ms with a worker, 10 ms without).
     */
    public void forShortQueries(Connection c) throws SQLException {
        try (java.sql.Statement st = c.createStatement()) {
            st.execute("SET LOCAL jit = off");
            st.execute("SET LOCAL max_parallel_workers_per_gather = 0");
        }
    }

    /** Current grids of {@code level} under {@code rootCode} (by code prefix), by code; locked when {@code forUpdate}. */
    public List<GridRow> currentUnder(Connection c, String rootCode, String level, boolean forUpdate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + GRID_COLUMNS
                + " FROM grid WHERE valid_to IS NULL AND level = ? AND code LIKE ? ORDER BY code" + (forUpdate ? " FOR UPDATE" : ""))) {
            ps.setString(1, level);
            ps.setString(2, rootCode + "%");
            return rows(ps);
        }
    }

    /** Buildings whose footprint meets the box: id, point on surface, households, current micro grid. */
    public List<Located> buildings(Connection c, Envelope box) throws SQLException {
        return located(c, """
                SELECT id, ST_X(p), ST_Y(p), micro_code, households, NULL FROM building
                CROSS JOIN LATERAL ST_PointOnSurface(geom) AS p
                WHERE geom && ST_MakeEnvelope(?, ?, ?, ?, 4326) ORDER BY district_code, id""", box);
    }

    /** Cases (not sub-cases) located in the box, with the grid code of {@code column} and their status. */
    public List<Located> cases(Connection c, Envelope box, String column) throws SQLException {
        if (!List.of("grid_code", "l3_code", "l2_code", "l1_code").contains(column)) {
            throw new IllegalArgumentException("no case column " + column);
        }
        return located(c, "SELECT id::text, ST_X(geom), ST_Y(geom), " + column + ", 0, status FROM case_record "
                + "WHERE parent_id IS NULL AND geom && ST_MakeEnvelope(?, ?, ?, ?, 4326) ORDER BY id", box);
    }

    /** Latest patrol positions in the box: user name (with the device), the grid the fix lies in. */
    public List<Located> patrolPositions(Connection c, Envelope box) throws SQLException {
        return located(c, "SELECT username || ' (' || device_id || ')', lon, lat, grid, 0, NULL FROM patrol_latest "
                + "WHERE geom && ST_MakeEnvelope(?, ?, ?, ?, 4326) ORDER BY username", box);
    }

    /** Special grids in the box: code, interior point, and (filled by the caller) the grid holding it. */
    public List<Located> specialGrids(Connection c, Envelope box) throws SQLException {
        return located(c, """
                SELECT code, ST_X(p), ST_Y(p), NULL, 0, NULL FROM grid CROSS JOIN LATERAL ST_PointOnSurface(geom) AS p
                WHERE valid_to IS NULL AND level = 'special' AND geom && ST_MakeEnvelope(?, ?, ?, ?, 4326) ORDER BY code""", box);
    }

    /** Users on duty (grid_duty) for any of the codes: code → usernames. */
    public Map<String, List<String>> duty(Connection c, Collection<String> codes) throws SQLException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (codes.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT d.grid_code, u.username FROM grid_duty d JOIN app_user u ON u.id = d.user_id
                WHERE d.grid_code = ANY(?) ORDER BY 1, 2""")) {
            ps.setArray(1, c.createArrayOf("text", codes.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        return out;
    }

    /** Ends the current version of each code at {@code at}. */
    public int close(Connection c, Collection<String> codes, Instant at) throws SQLException {
        if (codes.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE grid SET valid_to = ? WHERE valid_to IS NULL AND code = ANY(?)")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setArray(2, c.createArrayOf("text", codes.toArray()));
            return ps.executeUpdate();
        }
    }

    /** Inserts the next version of each child, valid from {@code at}, with who and why. */
    public void insertVersions(Connection c, String level, Collection<DraftChild> children, Instant at, String who, String why, long draftId)
            throws SQLException {
        WKBWriter wkb = new WKBWriter();
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO grid (district_code, code, version, level, parent_code, name, kind, generated, valid_from, area_sqm, geom,
                                  changed_by, change_reason, draft_id)
                SELECT left(?, 6), ?, COALESCE((SELECT max(version) FROM grid WHERE code = ?), 0) + 1, ?, ?, ?, ?, false, ?,
                       ST_Area(g::geography), g, ?, ?, ?
                FROM (SELECT ST_Multi(ST_GeomFromWKB(?, 4326)) AS g) AS input""")) {
            for (DraftChild ch : children) {
                ps.setString(1, ch.code());
                ps.setString(2, ch.code());
                ps.setString(3, ch.code());
                ps.setString(4, level);
                ps.setString(5, ch.parentCode());
                ps.setString(6, ch.name());
                ps.setString(7, ch.kind());
                ps.setTimestamp(8, Timestamp.from(at));
                ps.setString(9, who);
                ps.setString(10, why);
                ps.setLong(11, draftId);
                ps.setBytes(12, wkb.write(ch.geometry()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * PostGIS's own verdict on the current children of {@code level} under the root: invalid
     * boundaries, the area (m²) where their union differs from the root (gaps and overflow), and
     * overlapping pairs with their area (m²) above {@code toleranceSqm}.
     */
    public record Confirmation(List<String> invalid, double symmetricDifferenceSqm, @Nullable Geometry difference,
                               List<String[]> overlaps, List<Double> overlapSqm) {

        boolean clean(double toleranceSqm) {
            return invalid.isEmpty() && symmetricDifferenceSqm <= toleranceSqm && overlaps.isEmpty();
        }
    }

    public Confirmation confirm(Connection c, String rootCode, String level, double toleranceSqm) throws SQLException {
        List<String> invalid = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT code FROM grid WHERE valid_to IS NULL AND level = ? AND code LIKE ? AND NOT ST_IsValid(geom) ORDER BY code")) {
            ps.setString(1, level);
            ps.setString(2, rootCode + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    invalid.add(rs.getString(1));
                }
            }
        }
        double symdiff;
        Geometry difference = null;
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT COALESCE(ST_Area(d::geography), 0), ST_AsBinary(d) FROM (
                  SELECT ST_SymDifference(r.geom, (SELECT ST_Union(geom) FROM grid WHERE valid_to IS NULL AND level = ? AND code LIKE ?)) AS d
                  FROM grid r WHERE r.valid_to IS NULL AND r.code = ?) x""")) {
            ps.setString(1, level);
            ps.setString(2, rootCode + "%");
            ps.setString(3, rootCode);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                symdiff = rs.getDouble(1);
                byte[] bytes = rs.getBytes(2);
                if (bytes != null && symdiff > toleranceSqm) {
                    difference = new WKBReader().read(bytes);
                }
            } catch (ParseException e) {
                throw new SQLException("unreadable geometry from PostGIS", e);
            }
        }
        List<String[]> overlaps = new ArrayList<>();
        List<Double> areas = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                WITH k AS (SELECT code, geom FROM grid WHERE valid_to IS NULL AND level = ? AND code LIKE ?)
                SELECT a.code, b.code, ST_Area(ST_Intersection(a.geom, b.geom)::geography) AS m2
                FROM k a JOIN k b ON a.code < b.code AND a.geom && b.geom AND ST_Relate(a.geom, b.geom, '2********')
                ORDER BY 1, 2""")) {
            ps.setString(1, level);
            ps.setString(2, rootCode + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getDouble(3) > toleranceSqm) {
                        overlaps.add(new String[] {rs.getString(1), rs.getString(2)});
                        areas.add(rs.getDouble(3));
                    }
                }
            }
        }
        return new Confirmation(invalid, symdiff, difference, overlaps, areas);
    }

    /** Building → micro grid link of every building in the box (for before/after comparison). */
    public Map<String, String> buildingLinks(Connection c, Envelope box) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Located l : buildings(c, box)) {
            out.put(l.id(), l.grid());
        }
        return out;
    }

    /**
     * Re-links the buildings in the box to the current micro grid covering their point on surface
     * (smallest code on a shared edge, as the import does).
     */
    public int relinkBuildings(Connection c, Envelope box) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE building b SET micro_code = n.code, updated_at = now()
                FROM (SELECT x.district_code, x.id,
                             (SELECT m.code FROM grid m WHERE m.valid_to IS NULL AND m.level = 'micro'
                                AND ST_Covers(m.geom, ST_PointOnSurface(x.geom)) ORDER BY m.code LIMIT 1) AS code
                      FROM building x WHERE x.geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)) n
                WHERE b.district_code = n.district_code AND b.id = n.id AND b.micro_code IS DISTINCT FROM n.code""")) {
            bindBox(ps, 1, box);
            return ps.executeUpdate();
        }
    }

    private List<Located> located(Connection c, String sql, Envelope box) throws SQLException {
        List<Located> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bindBox(ps, 1, box);
            ps.setFetchSize(5000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Located(rs.getString(1), rs.getDouble(2), rs.getDouble(3), rs.getString(4), rs.getInt(5), rs.getString(6)));
                }
            }
        }
        return out;
    }

    private static void bindBox(PreparedStatement ps, int first, Envelope box) throws SQLException {
        ps.setDouble(first, box.getMinX());
        ps.setDouble(first + 1, box.getMinY());
        ps.setDouble(first + 2, box.getMaxX());
        ps.setDouble(first + 3, box.getMaxY());
    }

    private static List<GridRow> rows(PreparedStatement ps) throws SQLException {
        List<GridRow> out = new ArrayList<>();
        WKBReader reader = new WKBReader(DraftGeoJson.FACTORY);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Geometry g = reader.read(rs.getBytes(8));
                g.setSRID(4326);
                out.add(new GridRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6),
                        rs.getTimestamp(7).toInstant(), CoverageRepairer.single(g)));
            }
        } catch (ParseException e) {
            throw new SQLException("unreadable grid geometry", e);
        }
        return out;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("serialising JSON failed", e);
        }
    }
}
