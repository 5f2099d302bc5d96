package cn.yiwang.building;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import javax.sql.DataSource;

import org.locationtech.jts.io.WKBWriter;

import cn.yiwang.data.BuildingRecord;
import cn.yiwang.db.Transactions;
import jakarta.inject.Singleton;

/**
 * SQL for the {@code building} table (EPSG:4326). Features are rendered to GeoJSON inside PostGIS
 * (7 decimals, about 1 cm). Writes are one transaction each: all or nothing.
 *
 * <p>Imports go through a temporary table so that PostGIS itself can judge the footprints (the
 * table's CHECK uses {@code ST_IsValid}, which can disagree with JTS on the finest cases) and
 * assign each footprint's micro grid and district before anything reaches {@code building}.
 */
@Singleton
public class BuildingRepository {

    /**
     * How far outside every district a footprint may lie and still go to the nearest one: 0.01°,
     * about 0.9 km east–west and 1.1 km north–south in Zhengzhou.
     */
    static final double DISTRICT_SNAP_DEGREES = 0.01;

    /** The outcome of an import: counts when written, or the features PostGIS rejected (nothing written). */
    public record ImportOutcome(int inserted, int updated, int withoutMicroGrid, Set<String> districts,
                                List<BuildingGeoJsonReader.Issue> issues) {
        public boolean ok() {
            return issues.isEmpty();
        }
    }

    private static final String FEATURE_JSON = """
            json_build_object('type', 'Feature', 'id', id,
              'geometry', ST_AsGeoJSON(geom, 7)::json,
              'properties', json_build_object('id', id, 'name', name, 'compound', compound, 'use', use,
                 'floors', floors, 'heightM', height_m, 'households', households, 'microCode', micro_code,
                 'generated', generated))::text""";

    private static final String INSERT_GENERATED = """
            INSERT INTO building (district_code, id, name, compound, use, floors, height_m, households, micro_code,
                                  generated, geom)
            VALUES (left(?, 6), ?, ?, ?, ?, ?, ?, ?, ?, true, ST_GeomFromWKB(?, 4326))""";

    private static final String CREATE_STAGING = """
            CREATE TEMP TABLE building_import (
                ord integer PRIMARY KEY, id text NOT NULL, name text, compound text, use text NOT NULL,
                floors integer NOT NULL, height_m double precision NOT NULL, households integer NOT NULL,
                geom geometry NOT NULL, micro_code text, district_code char(6)
            ) ON COMMIT DROP""";

    private static final String STAGE = """
            INSERT INTO building_import (ord, id, name, compound, use, floors, height_m, households, geom)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ST_GeomFromWKB(?, 4326))""";

    private static final String GRID_NEVER_ANALYZED = """
            SELECT last_analyze IS NULL AND last_autoanalyze IS NULL FROM pg_stat_user_tables WHERE relid = 'grid'::regclass""";

    private static final String INVALID_IN_POSTGIS = """
            SELECT ord, ST_IsValidReason(geom) FROM building_import WHERE NOT ST_IsValid(geom) ORDER BY ord LIMIT ?""";

    /** Each footprint's point on surface, indexed, so micro grids can be joined grid by grid. */
    private static final String POINTS = """
            CREATE TEMP TABLE building_import_point ON COMMIT DROP AS
            SELECT ord, ST_PointOnSurface(geom) AS p FROM building_import""";

    /**
     * Micro grid: the current one covering the point on surface, smallest code on a shared edge
     * (as the grid locator decides). The join runs grid by grid over an index of the points, so
     * PostGIS prepares each micro grid once instead of testing each point against raw polygons.
     */
    private static final String ASSIGN_MICRO = """
            UPDATE building_import i SET micro_code = j.code, district_code = left(j.code, 6)
            FROM (SELECT DISTINCT ON (p.ord) p.ord, m.code
                  FROM grid_current m JOIN building_import_point p ON ST_Covers(m.geom, p.p)
                  WHERE m.level = 'micro'
                  ORDER BY p.ord, m.code) j
            WHERE j.ord = i.ord""";

    /**
     * District of a footprint in no micro grid: the nearest district within DISTRICT_SNAP_DEGREES
     * (the coarse district outline may cut off buildings on its edge). Degrees rather than metres:
     * geography distances to a district outline cost 0.3 ms a point.
     */
    private static final String ASSIGN_DISTRICT = """
            UPDATE building_import i SET district_code =
                   (SELECT d.district_code FROM grid_current d
                    WHERE d.level = 'district' AND ST_DWithin(d.geom, p.p, ?)
                    ORDER BY ST_Distance(d.geom, p.p), d.code LIMIT 1)
            FROM building_import_point p
            WHERE p.ord = i.ord AND i.district_code IS NULL""";

    private static final String OUTSIDE_DISTRICTS = """
            SELECT ord FROM building_import WHERE district_code IS NULL ORDER BY ord LIMIT ?""";

    /** An id is one building: a footprint that moved to another district leaves its old row. */
    private static final String DELETE_MOVED = """
            DELETE FROM building b USING building_import i WHERE b.id = i.id AND b.district_code <> i.district_code""";

    private static final String UPSERT = """
            INSERT INTO building (district_code, id, name, compound, use, floors, height_m, households, micro_code,
                                  generated, updated_at, geom)
            SELECT district_code, id, name, compound, use, floors, height_m, households, micro_code, false, now(), geom
            FROM building_import ORDER BY ord
            ON CONFLICT (district_code, id) DO UPDATE SET
                name = EXCLUDED.name, compound = EXCLUDED.compound, use = EXCLUDED.use, floors = EXCLUDED.floors,
                height_m = EXCLUDED.height_m, households = EXCLUDED.households, micro_code = EXCLUDED.micro_code,
                generated = false, updated_at = now(), geom = EXCLUDED.geom
            RETURNING xmax = 0, district_code, micro_code IS NULL""";

    private final DataSource dataSource;

    public BuildingRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public long count() {
        return countOf("SELECT count(*) FROM building");
    }

    /** Current micro grids that are generated demo grids of 二七区, and current micro grids in all. */
    public long[] demoAndAllMicroGrids() {
        return new long[] {
            countOf("SELECT count(*) FROM grid_current WHERE level = 'micro' AND generated AND district_code = '410103'"),
            countOf("SELECT count(*) FROM grid_current WHERE level = 'micro'")};
    }

    public Optional<String> featureJson(String id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT " + FEATURE_JSON + " FROM building WHERE id = ? ORDER BY district_code LIMIT 1")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading building " + id + " failed", e);
        }
    }

    /** The footprints covering a WGS84 point, as a JSON array of Features ordered by id. */
    public String featuresAtJson(double lon, double lat) {
        StringBuilder json = new StringBuilder("[");
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + FEATURE_JSON
                     + " FROM building WHERE ST_Covers(geom, ST_SetSRID(ST_MakePoint(?, ?), 4326)) ORDER BY id")) {
            ps.setDouble(1, lon);
            ps.setDouble(2, lat);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (json.length() > 1) {
                        json.append(',');
                    }
                    json.append(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("finding buildings at " + lon + "," + lat + " failed", e);
        }
        return json.append(']').toString();
    }

    /** Inserts generated buildings (micro code known, district = its first 6 digits), one transaction. */
    public void insertGenerated(List<BuildingRecord> buildings) {
        WKBWriter wkb = new WKBWriter();
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT_GENERATED)) {
                int n = 0;
                for (BuildingRecord b : buildings) {
                    ps.setString(1, b.microCode());
                    bindAttributes(ps, 2, b);
                    ps.setString(9, b.microCode());
                    ps.setBytes(10, wkb.write(b.footprint()));
                    ps.addBatch();
                    if (++n % 1000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            return null;
        }, "loading " + buildings.size() + " generated buildings");
        analyze();
    }

    /**
     * Upserts imported buildings by id, {@code generated = false}, micro grid and district assigned
     * by PostGIS. Rolls back and reports the features PostGIS finds invalid or that lie outside
     * every district; then nothing is written.
     *
     * @param buildings validated buildings in request order (their position is the feature index)
     */
    public ImportOutcome importAll(List<BuildingRecord> buildings) {
        WKBWriter wkb = new WKBWriter();
        return inTransaction(c -> {
            try (Statement st = c.createStatement()) {
                st.execute(CREATE_STAGING);
            }
            try (PreparedStatement ps = c.prepareStatement(STAGE)) {
                for (int i = 0; i < buildings.size(); i++) {
                    BuildingRecord b = buildings.get(i);
                    ps.setInt(1, i);
                    bindAttributes(ps, 2, b);
                    ps.setBytes(9, wkb.write(b.footprint()));
                    ps.addBatch();
                    if ((i + 1) % 1000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            try (Statement st = c.createStatement()) {
                // Temporary tables are never analysed automatically, and a grid table bulk-loaded
                // moments ago has no statistics yet: without them the planner finds micro grids
                // through the level index and tests every one of them, not through the spatial
                // index (measured: 7 s instead of 60 ms per 1,000 buildings).
                st.execute("ANALYZE building_import");
                // Compiling these one-off queries costs more than it saves (0.5 s for 30,000 rows).
                st.execute("SET LOCAL jit = off");
                try (ResultSet rs = st.executeQuery(GRID_NEVER_ANALYZED)) {
                    if (rs.next() && rs.getBoolean(1)) {
                        st.execute("ANALYZE grid");
                    }
                }
            }
            List<BuildingGeoJsonReader.Issue> issues = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(INVALID_IN_POSTGIS)) {
                ps.setInt(1, BuildingGeoJsonReader.MAX_ISSUES);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        issues.add(new BuildingGeoJsonReader.Issue("/features/" + rs.getInt(1) + "/geometry",
                                "is not a valid polygon for PostGIS: " + rs.getString(2)));
                    }
                }
            }
            if (issues.isEmpty()) {
                try (Statement st = c.createStatement()) {
                    st.execute(POINTS);
                    st.execute("CREATE INDEX ON building_import_point USING gist (p)");
                    st.execute("ANALYZE building_import_point");
                    st.executeUpdate(ASSIGN_MICRO);
                }
                try (PreparedStatement ps = c.prepareStatement(ASSIGN_DISTRICT)) {
                    ps.setDouble(1, DISTRICT_SNAP_DEGREES);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement(OUTSIDE_DISTRICTS)) {
                    ps.setInt(1, BuildingGeoJsonReader.MAX_ISSUES);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            issues.add(new BuildingGeoJsonReader.Issue("/features/" + rs.getInt(1) + "/geometry",
                                    "lies outside every district by more than " + DISTRICT_SNAP_DEGREES + "° (about 1 km)"));
                        }
                    }
                }
            }
            if (!issues.isEmpty()) {
                c.rollback();
                return new ImportOutcome(0, 0, 0, Set.of(), issues);
            }
            try (Statement st = c.createStatement()) {
                st.executeUpdate(DELETE_MOVED);
            }
            int inserted = 0;
            int updated = 0;
            int withoutMicro = 0;
            Set<String> districts = new TreeSet<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(UPSERT)) {
                while (rs.next()) {
                    if (rs.getBoolean(1)) {
                        inserted++;
                    } else {
                        updated++;
                    }
                    districts.add(rs.getString(2));
                    if (rs.getBoolean(3)) {
                        withoutMicro++;
                    }
                }
            }
            return new ImportOutcome(inserted, updated, withoutMicro, districts, List.of());
        }, "importing " + buildings.size() + " buildings");
    }

    /** Fresh statistics after a bulk load, so the first queries get index plans. */
    private void analyze() {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("ANALYZE building");
        } catch (SQLException e) {
            throw new IllegalStateException("analysing the building table failed", e);
        }
    }

    /** Binds id, name, compound, use, floors, height, households from {@code first} on. */
    private static void bindAttributes(PreparedStatement ps, int first, BuildingRecord b) throws SQLException {
        ps.setString(first, b.id());
        setText(ps, first + 1, b.name());
        setText(ps, first + 2, b.compound());
        ps.setString(first + 3, b.use());
        ps.setInt(first + 4, b.floors());
        ps.setDouble(first + 5, b.heightMeters());
        ps.setInt(first + 6, b.households());
    }

    private static void setText(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    private long countOf(String sql) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("counting failed: " + sql, e);
        }
    }

    private <T> T inTransaction(Transactions.Work<T> work, String what) {
        return Transactions.inTransaction(dataSource, what, work);
    }
}
