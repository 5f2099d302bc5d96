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
