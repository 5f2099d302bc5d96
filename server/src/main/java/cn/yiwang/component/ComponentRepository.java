package cn.yiwang.component;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import javax.sql.DataSource;

import org.locationtech.jts.geom.Envelope;

import cn.yiwang.db.Transactions;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

/**
 * SQL for the {@code component} table (EPSG:4326). An import is one transaction through a temporary
 * table: PostGIS assigns each point its micro grid (the current one covering it, smallest code on a
 * shared edge, as the routing index decides) and district (that of the micro grid, else the nearest
 * district within {@value #DISTRICT_SNAP_DEGREES}°), and anything it refuses rolls the whole import
 * back. Thread-safe (stateless apart from the pool).
 */
@Singleton
public class ComponentRepository {

    static final double DISTRICT_SNAP_DEGREES = 0.01;

    /** One component as the API shows it (no personal data). */
    @Serdeable
    public record Component(long id, String code, String kind, String kindName, @Nullable String name, String status,
                            String statusName, List<String> aiAlarms, @Nullable String owner, @Nullable String microCode,
                            double lon, double lat, boolean generated) {
    }

    /** The outcome of an import: counts when written, else the rows refused (nothing written). */
    public record ImportOutcome(int inserted, int updated, int withoutMicroGrid, Set<String> kinds, Set<String> districts,
                                List<ComponentFileReader.Issue> issues) {
        public boolean ok() {
            return issues.isEmpty();
        }
    }

    private static final String COLUMNS = "id, code, kind, name, status, ai_alarms, owner, micro_code, ST_X(geom), ST_Y(geom), generated";

    private static final String CREATE_STAGING = """
            CREATE TEMP TABLE component_import (
                ord integer PRIMARY KEY, code text NOT NULL, kind text NOT NULL, name text, status text NOT NULL,
                ai_alarms text[] NOT NULL, owner text, geom geometry(Point, 4326) NOT NULL, micro_code text, district_code char(6)
            ) ON COMMIT DROP""";

    private static final String STAGE = """
            INSERT INTO component_import (ord, code, kind, name, status, ai_alarms, owner, geom)
            VALUES (?, ?, ?, ?, ?, ?, ?, ST_SetSRID(ST_MakePoint(?, ?), 4326))""";

    private static final String ASSIGN_MICRO = """
            UPDATE component_import i SET micro_code = j.code, district_code = left(j.code, 6)
            FROM (SELECT DISTINCT ON (p.ord) p.ord, m.code
                  FROM component_import p JOIN grid_current m ON m.level = 'micro' AND ST_Covers(m.geom, p.geom)
                  ORDER BY p.ord, m.code) j
            WHERE j.ord = i.ord""";

    private static final String ASSIGN_DISTRICT = """
            UPDATE component_import i SET district_code =
                   (SELECT d.district_code FROM grid_current d
                    WHERE d.level = 'district' AND ST_DWithin(d.geom, i.geom, ?)
                    ORDER BY ST_Distance(d.geom, i.geom), d.code LIMIT 1)
            WHERE i.district_code IS NULL""";

    private static final String UPSERT = """
            INSERT INTO component (district_code, code, kind, name, status, ai_alarms, owner, micro_code, generated, updated_at, geom)
            SELECT district_code, code, kind, name, status, ai_alarms, owner, micro_code, false, now(), geom
            FROM component_import ORDER BY ord
            ON CONFLICT (code) DO UPDATE SET district_code = EXCLUDED.district_code, kind = EXCLUDED.kind, name = EXCLUDED.name,
                status = EXCLUDED.status, ai_alarms = EXCLUDED.ai_alarms, owner = EXCLUDED.owner, micro_code = EXCLUDED.micro_code,
                generated = false, updated_at = now(), geom = EXCLUDED.geom
            RETURNING xmax = 0, kind, district_code, micro_code IS NULL""";

    /**
     * Re-links the rows in a box whose micro grid is gone or no longer covers them to the current
     * micro grid covering them (smallest code on a shared edge); a row still inside its grid keeps it.
     */
    private static final String RELINK = """
            UPDATE %1$s t SET micro_code = n.code, updated_at = now()
            FROM (SELECT x.id, (SELECT m.code FROM grid_current m WHERE m.level = 'micro' AND ST_Covers(m.geom, x.geom)
                                ORDER BY m.code LIMIT 1) AS code
                  FROM %1$s x WHERE x.geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)
                    AND NOT EXISTS (SELECT 1 FROM grid_current k WHERE k.level = 'micro' AND k.code = x.micro_code
                                    AND ST_Covers(k.geom, x.geom))) n
            WHERE t.id = n.id AND t.micro_code IS DISTINCT FROM n.code""";

    private final DataSource dataSource;

    public ComponentRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public long count() {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM component")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("counting components failed", e);
        }
    }

    /**
     * Upserts (with {@code update}) or inserts the records, all or nothing.
     *
     * @param update whether codes already stored are replaced; otherwise each such code is an issue
     */
    public ImportOutcome importAll(List<ComponentRecord> records, boolean update) {
        return Transactions.inTransaction(dataSource, "importing " + records.size() + " components", c -> {
            try (Statement st = c.createStatement()) {
                st.execute(CREATE_STAGING);
            }
            try (PreparedStatement ps = c.prepareStatement(STAGE)) {
                for (int i = 0; i < records.size(); i++) {
                    ComponentRecord r = records.get(i);
                    ps.setInt(1, i);
                    ps.setString(2, r.code());
                    ps.setString(3, r.kind().key());
                    setText(ps, 4, r.name());
                    ps.setString(5, r.status().key());
                    ps.setArray(6, c.createArrayOf("text", r.aiAlarms().toArray()));
                    setText(ps, 7, r.owner());
                    ps.setDouble(8, r.lon());
                    ps.setDouble(9, r.lat());
                    ps.addBatch();
                    if ((i + 1) % 1000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            List<ComponentFileReader.Issue> issues = new ArrayList<>();
            try (Statement st = c.createStatement()) {
                st.execute("CREATE INDEX ON component_import USING gist (geom)");
                st.execute("ANALYZE component_import");
                st.executeUpdate(ASSIGN_MICRO);
            }
            try (PreparedStatement ps = c.prepareStatement(ASSIGN_DISTRICT)) {
                ps.setDouble(1, DISTRICT_SNAP_DEGREES);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT ord, ST_X(geom), ST_Y(geom) FROM component_import WHERE district_code IS NULL ORDER BY ord LIMIT ?")) {
                ps.setInt(1, ComponentFileReader.MAX_ISSUES);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        issues.add(new ComponentFileReader.Issue(records.get(rs.getInt(1)).source(),
                                String.format(java.util.Locale.ROOT, "(%.6f, %.6f) lies outside every district of this system", rs.getDouble(2), rs.getDouble(3))));
                    }
                }
            }
            if (!update) {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT i.ord, i.code FROM component_import i JOIN component t ON t.code = i.code ORDER BY i.ord LIMIT ?")) {
                    ps.setInt(1, ComponentFileReader.MAX_ISSUES);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            issues.add(new ComponentFileReader.Issue(records.get(rs.getInt(1)).source(),
                                    "code '" + rs.getString(2) + "' is already stored (import with update=true to replace it)"));
                        }
                    }
                }
            }
            if (!issues.isEmpty()) {
                c.rollback();
                return new ImportOutcome(0, 0, 0, Set.of(), Set.of(), issues);
            }
            int inserted = 0;
            int updated = 0;
            int without = 0;
            Set<String> kinds = new TreeSet<>();
            Set<String> districts = new TreeSet<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(UPSERT)) {
                while (rs.next()) {
                    if (rs.getBoolean(1)) {
                        inserted++;
                    } else {
                        updated++;
                    }
                    kinds.add(rs.getString(2));
                    districts.add(rs.getString(3));
                    if (rs.getBoolean(4)) {
                        without++;
                    }
                }
            }
            return new ImportOutcome(inserted, updated, without, kinds, districts, List.of());
        });
    }

    public Optional<Component> find(long id) {
        return query("SELECT " + COLUMNS + " FROM component WHERE id = ?", List.of(id)).stream().findFirst();
    }

    /** Distance in metres from the component to a WGS84 point, or empty when there is no such component. */
    public Optional<Double> distanceMeters(long id, double lon, double lat) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint(?, ?), 4326)::geography) FROM component WHERE id = ?")) {
            ps.setDouble(1, lon);
            ps.setDouble(2, lat);
            ps.setLong(3, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getDouble(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("measuring the distance to component " + id + " failed", e);
        }
    }

    /**
     * Components whose micro grid lies in {@code scopePrefix}, filtered.
     *
     * @param bbox minLon, minLat, maxLon, maxLat, or {@code null}
     */
    public List<Component> list(String scopePrefix, @Nullable String kind, @Nullable String status, @Nullable String grid,
                                @Nullable double[] bbox, int limit, int offset) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM component WHERE micro_code LIKE ?");
        List<Object> args = new ArrayList<>();
        args.add(scopePrefix + "%");
        if (kind != null) {
            sql.append(" AND kind = ?");
            args.add(kind);
        }
        if (status != null) {
            sql.append(" AND status = ?");
            args.add(status);
        }
        if (grid != null) {
            sql.append(" AND micro_code LIKE ?");
            args.add(grid + "%");
        }
        if (bbox != null) {
            sql.append(" AND geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)");
            for (double v : bbox) {
                args.add(v);
            }
        }
        sql.append(" ORDER BY code LIMIT ? OFFSET ?");
        args.add(limit);
        args.add(offset);
        return query(sql.toString(), args);
    }

    /** Counts by kind and status within a scope: kind → status → count. */
    public Map<String, Map<String, Long>> counts(String scopePrefix) {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT kind, status, count(*) FROM component WHERE micro_code LIKE ? GROUP BY kind, status")) {
            ps.setString(1, scopePrefix + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getString(2), rs.getLong(3));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("counting components failed", e);
        }
        return out;
    }

    /** Sets a component's status; returns the old status, or empty when there is none. */
    public Optional<String> setStatus(Connection c, long id, String status) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE component t SET status = ?, updated_at = now() FROM (SELECT id, status FROM component WHERE id = ? FOR UPDATE) o
                WHERE t.id = o.id RETURNING o.status""")) {
            ps.setString(1, status);
            ps.setLong(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Re-links components and service points in the box; returns how many rows moved. */
    public int relink(Envelope box) {
        return Transactions.inTransaction(dataSource, "re-linking components", c -> {
            int n = 0;
            for (String table : List.of("component", "service_point")) {
                try (PreparedStatement ps = c.prepareStatement(String.format(RELINK, table))) {
                    ps.setDouble(1, box.getMinX());
                    ps.setDouble(2, box.getMinY());
                    ps.setDouble(3, box.getMaxX());
                    ps.setDouble(4, box.getMaxY());
                    n += ps.executeUpdate();
                }
            }
            return n;
        });
    }

    /** Runs a generation script (statements separated by blank-line-terminated ';'), one transaction. */
    public void runScript(String sql, String what) {
        Transactions.inTransaction(dataSource, what, c -> {
            try (Statement st = c.createStatement()) {
                st.execute(sql);
                st.execute("ANALYZE component");
                st.execute("ANALYZE service_point");
            }
            return null;
        });
    }

    private List<Component> query(String sql, List<Object> args) {
        List<Component> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String kind = rs.getString(3);
                    String status = rs.getString(5);
                    Array alarms = rs.getArray(6);
                    List<String> alarmList = alarms == null ? List.of() : List.of((String[]) alarms.getArray());
                    out.add(new Component(rs.getLong(1), rs.getString(2), kind,
                            ComponentKind.parse(kind).map(ComponentKind::nameZh).orElse(kind), rs.getString(4), status,
                            ComponentStatus.parse(status).map(ComponentStatus::nameZh).orElse(status), alarmList,
                            rs.getString(7), rs.getString(8), rs.getDouble(9), rs.getDouble(10), rs.getBoolean(11)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading components failed", e);
        }
        return out;
    }

    private static void setText(PreparedStatement ps, int index, @Nullable String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }
}
