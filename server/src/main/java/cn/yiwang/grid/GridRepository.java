package cn.yiwang.grid;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;

import cn.yiwang.data.GridRecord;
import jakarta.inject.Singleton;

/**
 * SQL for the {@code grid} table. Features are rendered to GeoJSON inside PostGIS (7 decimals,
 * about 1 cm). Filters stay in EPSG:4326 so the GiST index is used.
 */
@Singleton
public class GridRepository {

    /** A filter on current grids; null members do not filter. */
    public record Filter(String level, String parentCode, double[] bbox) {
    }

    /** A page of features as a GeoJSON array text, and the total matched. */
    public record FeaturePage(String featuresJson, int returned, long matched) {
    }

    private static final String FEATURE_JSON = """
            json_build_object('type', 'Feature', 'id', code,
              'geometry', ST_AsGeoJSON(geom, 7)::json,
              'properties', json_build_object('code', code, 'name', name, 'level', level,
                 'parentCode', parent_code, 'areaSqm', round(area_sqm::numeric, 1),
                 'generated', generated, 'kind', kind))::text""";

    private static final String INSERT = """
            INSERT INTO grid (district_code, code, level, parent_code, name, kind, generated, area_sqm, geom)
            SELECT left(?, 6), ?, ?, ?, ?, ?, ?, ST_Area(g::geography), g
            FROM (SELECT ST_Multi(ST_GeomFromWKB(?, 4326)) AS g) AS input""";

    private final DataSource dataSource;

    public GridRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public long countCurrent() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM grid WHERE valid_to IS NULL");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("counting grids failed", e);
        }
    }

    public FeaturePage page(Filter filter, int limit, int offset) {
        List<Object> args = new ArrayList<>();
        String where = where(filter, args);
        try (Connection c = dataSource.getConnection()) {
            long matched;
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM grid_current" + where)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    matched = rs.getLong(1);
                }
            }
            StringBuilder json = new StringBuilder("[");
            int returned = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT " + FEATURE_JSON + " FROM grid_current" + where
                    + " ORDER BY code LIMIT ? OFFSET ?")) {
                List<Object> all = new ArrayList<>(args);
                all.add(limit);
                all.add(offset);
                bind(ps, all);
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (returned++ > 0) {
                            json.append(',');
                        }
                        json.append(rs.getString(1));
                    }
                }
            }
            return new FeaturePage(json.append(']').toString(), returned, matched);
        } catch (SQLException e) {
            throw new IllegalStateException("listing grids failed", e);
        }
    }

    public Optional<String> featureJson(String code) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + FEATURE_JSON + " FROM grid_current WHERE code = ?")) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading grid " + code + " failed", e);
        }
    }

    private static final String VERSION_JSON = """
            json_build_object('type', 'Feature', 'id', code || '@' || version,
              'geometry', ST_AsGeoJSON(geom, 7)::json,
              'properties', json_build_object('code', code, 'version', version, 'name', name, 'level', level,
                 'parentCode', parent_code, 'kind', kind, 'areaSqm', round(area_sqm::numeric, 1),
                 'validFrom', valid_from, 'validTo', valid_to, 'changedBy', changed_by, 'reason', change_reason))::text""";

    /** Every version of a grid, oldest first, as GeoJSON features (who and why in the properties); empty when the code never existed. */
    public List<String> historyJson(String code) {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + VERSION_JSON + " FROM grid WHERE code = ? ORDER BY valid_from, version")) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the history of grid " + code + " failed", e);
        }
        return out;
    }

    /** The version of a grid valid at {@code at} (valid_from ≤ at < valid_to), as a GeoJSON feature. */
    public Optional<String> featureJsonAt(String code, java.time.Instant at) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + VERSION_JSON
                     + " FROM grid WHERE code = ? AND valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)")) {
            ps.setString(1, code);
            ps.setTimestamp(2, java.sql.Timestamp.from(at));
            ps.setTimestamp(3, java.sql.Timestamp.from(at));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading grid " + code + " at " + at + " failed", e);
        }
    }

    /**
     * The grid chain at a lon/lat point as the boundaries were at {@code at}: the micro grid then
     * covering it (smallest code on a shared edge), its parents valid then, and the special grids
     * then covering it. No snapping: history is answered from PostGIS, not from the routing index.
     */
    public List<List<GridSummary>> chainAt(double lon, double lat, java.time.Instant at) {
        List<GridSummary> chain = new ArrayList<>();
        List<GridSummary> special = new ArrayList<>();
        String validAt = " valid_from <= ? AND (valid_to IS NULL OR valid_to > ?) ";
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("""
                    WITH RECURSIVE up AS (
                      (SELECT code, name, level, parent_code, kind, 0 AS depth FROM grid
                       WHERE level = 'micro' AND""" + validAt + """
                         AND ST_Covers(geom, ST_SetSRID(ST_MakePoint(?, ?), 4326)) ORDER BY code LIMIT 1)
                      UNION ALL
                      SELECT g.code, g.name, g.level, g.parent_code, g.kind, up.depth + 1 FROM up JOIN grid g ON g.code = up.parent_code
                       AND g.valid_from <= ? AND (g.valid_to IS NULL OR g.valid_to > ?) WHERE up.depth < 16)
                    SELECT code, name, level, parent_code, kind FROM up ORDER BY depth""")) {
                java.sql.Timestamp t = java.sql.Timestamp.from(at);
                ps.setTimestamp(1, t);
                ps.setTimestamp(2, t);
                ps.setDouble(3, lon);
                ps.setDouble(4, lat);
                ps.setTimestamp(5, t);
                ps.setTimestamp(6, t);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        chain.add(new GridSummary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT code, name, level, parent_code, kind FROM grid WHERE level = 'special' AND"
                    + validAt + "AND ST_Covers(geom, ST_SetSRID(ST_MakePoint(?, ?), 4326)) ORDER BY code")) {
                java.sql.Timestamp t = java.sql.Timestamp.from(at);
                ps.setTimestamp(1, t);
                ps.setTimestamp(2, t);
                ps.setDouble(3, lon);
                ps.setDouble(4, lat);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        special.add(new GridSummary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("locating a point at " + at + " failed", e);
        }
        return List.of(chain, special);
    }

    /** Every current grid without geometry. */
    public Map<String, GridSummary> summaries() {
        Map<String, GridSummary> out = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT code, name, level, parent_code, kind FROM grid_current ORDER BY code")) {
            ps.setFetchSize(5000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new GridSummary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading grid summaries failed", e);
        }
        return out;
    }

    /** The current summaries of the given codes (codes with no current version are left out). */
    public Map<String, GridSummary> summaries(java.util.Collection<String> codes) {
        Map<String, GridSummary> out = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT code, name, level, parent_code, kind FROM grid_current WHERE code = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("text", codes.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new GridSummary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading grid summaries failed", e);
        }
        return out;
    }

    /** Current geometries of the given codes of one level, code → geometry (EPSG:4326). */
    public Map<String, Geometry> geometries(String level, java.util.Collection<String> codes) {
        Map<String, Geometry> out = new LinkedHashMap<>();
        WKBReader reader = new WKBReader();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT code, ST_AsBinary(geom) FROM grid_current WHERE level = ? AND code = ANY(?)")) {
            ps.setString(1, level);
            ps.setArray(2, c.createArrayOf("text", codes.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Geometry g = reader.read(rs.getBytes(2));
                    g.setSRID(4326);
                    out.put(rs.getString(1), g);
                }
            }
        } catch (SQLException | ParseException e) {
            throw new IllegalStateException("reading " + level + " geometries failed", e);
        }
        return out;
    }

    /** Current geometries of one level, code → geometry (EPSG:4326). */
    public Map<String, Geometry> geometries(String level) {
        Map<String, Geometry> out = new LinkedHashMap<>();
        WKBReader reader = new WKBReader();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT code, ST_AsBinary(geom) FROM grid_current WHERE level = ? ORDER BY code")) {
            ps.setString(1, level);
            ps.setFetchSize(5000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Geometry g = reader.read(rs.getBytes(2));
                    g.setSRID(4326);
                    out.put(rs.getString(1), g);
                }
            }
        } catch (SQLException | ParseException e) {
            throw new IllegalStateException("reading " + level + " geometries failed", e);
        }
        return out;
    }

    /** Inserts grids (parents first) in one transaction; all or nothing. */
    public void insertAll(List<GridRecord> grids) {
        WKBWriter wkb = new WKBWriter();
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                int n = 0;
                for (GridRecord g : grids) {
                    ps.setString(1, g.code());
                    ps.setString(2, g.code());
                    ps.setString(3, g.level().key());
                    ps.setString(4, g.parentCode());
                    ps.setString(5, g.name());
                    ps.setString(6, g.kind());
                    ps.setBoolean(7, g.generated());
                    ps.setBytes(8, wkb.write(g.geometry()));
                    ps.addBatch();
                    if (++n % 1000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
                c.commit();
                // Fresh statistics, or the planner ignores the GiST index in the first spatial joins after a bulk load.
                try (java.sql.Statement st = c.createStatement()) {
                    st.execute("ANALYZE grid");
                }
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("loading " + grids.size() + " grids failed", e);
        }
    }

    private static String where(Filter f, List<Object> args) {
        List<String> clauses = new ArrayList<>();
        if (f.level() != null) {
            clauses.add("level = ?");
            args.add(f.level());
        }
        if (f.parentCode() != null) {
            clauses.add("parent_code = ?");
            args.add(f.parentCode());
        }
        if (f.bbox() != null) {
            clauses.add("geom && ST_MakeEnvelope(?, ?, ?, ?, 4326) AND ST_Intersects(geom, ST_MakeEnvelope(?, ?, ?, ?, 4326))");
            for (int i = 0; i < 2; i++) {
                for (double v : f.bbox()) {
                    args.add(v);
                }
            }
        }
        return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
    }
}
