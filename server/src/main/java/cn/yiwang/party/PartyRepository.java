package cn.yiwang.party;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import cn.yiwang.db.Transactions;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/**
 * SQL for the party organisation tree, members, contact households, branch rating inputs, compound
 * coverage and service points. Every read takes a grid-code prefix (the caller's scope, checked by
 * the caller of this class) and binds it; compounds are {@code party_compound_site} rows, i.e.
 * {@code (district_code, building.compound)} on the micro grid holding most of their buildings.
 * Thread-safe (stateless apart from the pool).
 */
@Singleton
public class PartyRepository {

    /** One organisation with its counts; {@code gridCode} is the micro grid of a compound group's compound. */
    public record OrgRow(long id, @Nullable Long parentId, String level, String name, @Nullable String gridCode,
                         @Nullable String compound, int members, int inService, int registered, int contacts,
                         int contactHouseholds, @Nullable Double lon, @Nullable Double lat) {
    }

    /** A party member with personal fields as stored (the service masks them). */
    public record MemberRow(long id, String name, @Nullable String phone, String kind, @Nullable String workUnit, long branchId,
                            String branchName, String homeGrid, @Nullable LocalDate registeredOn, double serviceHours) {
    }

    /** A contact household of a compound party group: the member and the building. */
    public record ContactRow(long memberId, String memberName, @Nullable String phone, String buildingId,
                             @Nullable String buildingName, int households) {
    }

    /** Per-key sums used by the per-grid figures ({@code key}: a micro or level-3 grid code, or a task's grid). */
    public record Sums(String key, long[] values) {
    }

    /** A branch and the raw inputs of its rating for one year. */
    public record BranchInputs(long id, String gridCode, String name, @Nullable Integer orgLifeSessions, int members, int inService,
                               int registered, double serviceHours, int claims, int completed) {
    }

    /** A compound and whether it has a party group. */
    public record CompoundRow(String districtCode, String compound, @Nullable String microCode, int buildings, int households,
                              @Nullable Long groupId, @Nullable String groupName, double lon, double lat) {
    }

    /** A shop, service or organisation within reach, with its straight-line distance. */
    public record ServicePointRow(long id, String code, String category, String kind, String name, @Nullable String microCode,
                                  double lon, double lat, double distanceMeters) {
    }

    private static final String ORGS = """
            WITH o AS (
              SELECT o.*, CASE WHEN o.level = 'compound_group' THEN s.micro_code ELSE o.grid_code END AS key_code
              FROM party_org o
              LEFT JOIN party_compound_site s ON o.level = 'compound_group' AND s.district_code = o.district_code AND s.compound = o.compound
            )
            SELECT o.id, o.parent_id, o.level, o.name, o.key_code, o.compound,
                   coalesce(m.n, 0), coalesce(m.in_service, 0), coalesce(m.registered, 0),
                   coalesce(c.n, 0), coalesce(c.households, 0), ST_X(o.geom), ST_Y(o.geom)
            FROM o
            LEFT JOIN (SELECT branch_id, count(*) AS n, count(*) FILTER (WHERE kind = 'in_service') AS in_service,
                              count(*) FILTER (WHERE registered_on IS NOT NULL) AS registered
                       FROM party_member GROUP BY branch_id) m ON m.branch_id = o.id
            LEFT JOIN (SELECT group_id, count(*) AS n, sum(households) AS households FROM party_contact GROUP BY group_id) c
                   ON c.group_id = o.id
            WHERE o.key_code LIKE ? OR (o.level <> 'compound_group' AND ? LIKE o.grid_code || '%' AND o.level = 'grid_branch')
            ORDER BY o.level = 'compound_group', o.key_code, o.id""";

    private static final String MEMBER_COLUMNS = """
            m.id, m.name, m.phone, m.kind, m.work_unit, m.branch_id, b.name, m.home_grid, m.registered_on, m.service_hours""";

    /** Tasks count for the branch of the level-3 grid they were posted on or under (level-3 codes have 15 digits). */
    private static final String BRANCH_INPUTS = """
            SELECT b.id, b.grid_code, b.name, y.org_life_sessions,
                   coalesce(m.n, 0), coalesce(m.in_service, 0), coalesce(m.registered, 0), coalesce(m.hours, 0),
                   coalesce(t.claims, 0), coalesce(t.completed, 0)
            FROM party_org b
            LEFT JOIN party_branch_year y ON y.branch_id = b.id AND y.year = ?
            LEFT JOIN (SELECT branch_id, count(*) AS n, count(*) FILTER (WHERE kind = 'in_service') AS in_service,
                              count(*) FILTER (WHERE kind = 'in_service' AND registered_on IS NOT NULL) AS registered,
                              sum(service_hours) AS hours
                       FROM party_member GROUP BY branch_id) m ON m.branch_id = b.id
            LEFT JOIN (SELECT k.l3, count(*) AS claims, count(c.completed_at) AS completed
                       FROM (SELECT id, left(grid_code, 15) AS l3 FROM volunteer_task
                             WHERE length(grid_code) >= 15 AND ends_at < now()
                               AND starts_at >= make_date(?, 1, 1) AND starts_at < make_date(? + 1, 1, 1)) k
                       JOIN volunteer_claim c ON c.task_id = k.id GROUP BY k.l3) t ON t.l3 = b.grid_code
            WHERE b.level = 'grid_branch' AND b.grid_code LIKE ?
            ORDER BY b.grid_code""";

    private static final String COMPOUNDS = """
            SELECT s.district_code, s.compound, s.micro_code, s.buildings, s.households, o.id, o.name, ST_X(s.geom), ST_Y(s.geom)
            FROM party_compound_site s
            LEFT JOIN party_org o ON o.level = 'compound_group' AND o.district_code = s.district_code AND o.compound = s.compound
            WHERE s.micro_code LIKE ?
            ORDER BY s.micro_code, s.compound""";

    private static final String SERVICE_POINTS = """
            SELECT id, code, category, kind, name, micro_code, ST_X(geom), ST_Y(geom),
                   ST_Distance(geom::geography, p.g) AS d
            FROM service_point, (SELECT ST_SetSRID(ST_MakePoint(?, ?), 4326)::geography AS g) p
            WHERE geom && ST_MakeEnvelope(?, ?, ?, ?, 4326) AND ST_DWithin(geom::geography, p.g, ?) AND district_code LIKE ?
            ORDER BY d, code""";

    private final DataSource dataSource;

    public PartyRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public long count() {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM party_org")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("counting party organisations failed", e);
        }
    }

    /** Organisations in the scope (and the level-3 branch above a micro-grid scope), parents before children. */
    public List<OrgRow> orgs(String scope) {
        List<OrgRow> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(ORGS)) {
            ps.setString(1, scope + "%");
            ps.setString(2, scope);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long parentValue = rs.getLong(2);
                    Long parent = rs.wasNull() ? null : parentValue;
                    Double lon = rs.getObject(12) == null ? null : rs.getDouble(12);
                    Double lat = rs.getObject(13) == null ? null : rs.getDouble(13);
                    out.add(new OrgRow(rs.getLong(1), parent, rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getInt(10), rs.getInt(11), lon, lat));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading party organisations failed", e);
        }
        return out;
    }

    /** The grid (or, for a compound group, micro grid) an organisation sits on, or null when there is no such organisation. */
    public @Nullable String orgGrid(long id) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT coalesce(o.grid_code, s.micro_code, '') FROM party_org o
                LEFT JOIN party_compound_site s ON s.district_code = o.district_code AND s.compound = o.compound WHERE o.id = ?""")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading party organisation " + id + " failed", e);
        }
    }

    public List<ContactRow> contacts(long groupId) {
        List<ContactRow> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT m.id, m.name, m.phone, k.building_id, b.name, k.households FROM party_contact k
                JOIN party_member m ON m.id = k.member_id
                LEFT JOIN building b ON b.district_code = k.building_district AND b.id = k.building_id
                WHERE k.group_id = ? ORDER BY k.building_id, m.id""")) {
            ps.setLong(1, groupId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ContactRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading contact households failed", e);
        }
        return out;
    }

    /** Members whose home grid lies in the scope. */
    public List<MemberRow> members(String scope, @Nullable Long branchId, @Nullable String kind, boolean registeredOnly, int limit, int offset) {
        StringBuilder sql = new StringBuilder("SELECT " + MEMBER_COLUMNS
                + " FROM party_member m JOIN party_org b ON b.id = m.branch_id WHERE m.home_grid LIKE ?");
        List<Object> args = new ArrayList<>(List.of(scope + "%"));
        if (branchId != null) {
            sql.append(" AND m.branch_id = ?");
            args.add(branchId);
        }
        if (kind != null) {
            sql.append(" AND m.kind = ?");
            args.add(kind);
        }
        if (registeredOnly) {
            sql.append(" AND m.registered_on IS NOT NULL");
        }
        sql.append(" ORDER BY m.home_grid, m.id LIMIT ? OFFSET ?");
        args.add(limit);
        args.add(offset);
        List<MemberRow> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(member(rs));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading party members failed", e);
        }
        return out;
    }

    public @Nullable MemberRow member(long id) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT " + MEMBER_COLUMNS + " FROM party_member m JOIN party_org b ON b.id = m.branch_id WHERE m.id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? member(rs) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading party member " + id + " failed", e);
        }
    }

    private static MemberRow member(ResultSet rs) throws SQLException {
        Date reg = rs.getDate(9);
        return new MemberRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getLong(6),
                rs.getString(7), rs.getString(8), reg == null ? null : reg.toLocalDate(), rs.getDouble(10));
    }

    /** Level-3 branches in the scope with their rating inputs for {@code year}. */
    public List<BranchInputs> branchInputs(String scope, int year) {
        List<BranchInputs> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(BRANCH_INPUTS)) {
            ps.setInt(1, year);
            ps.setInt(2, year);
            ps.setInt(3, year);
            ps.setString(4, scope + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int lifeValue = rs.getInt(4);
                    Integer life = rs.wasNull() ? null : lifeValue;
                    out.add(new BranchInputs(rs.getLong(1), rs.getString(2), rs.getString(3), life, rs.getInt(5),
                            rs.getInt(6), rs.getInt(7), rs.getDouble(8), rs.getInt(9), rs.getInt(10)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading branch rating inputs failed", e);
        }
        return out;
    }

    /** Sums per key: {@code sql} selects a key column and then long columns, bound to the scope prefix once. */
    public List<Sums> sums(String sql, String scope) {
        List<Sums> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, scope + "%");
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount() - 1;
                while (rs.next()) {
                    long[] v = new long[n];
                    for (int i = 0; i < n; i++) {
                        v[i] = Math.round(rs.getDouble(i + 2));
                    }
                    out.add(new Sums(rs.getString(1), v));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("summing party figures failed", e);
        }
        return out;
    }

    public List<CompoundRow> compounds(String scope) {
        List<CompoundRow> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(COMPOUNDS)) {
            ps.setString(1, scope + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long groupValue = rs.getLong(6);
                    Long group = rs.wasNull() ? null : groupValue;
                    out.add(new CompoundRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5),
                            group, rs.getString(7), rs.getDouble(8), rs.getDouble(9)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading compounds failed", e);
        }
        return out;
    }

    /** Service points within {@code radiusMeters} (straight line) of a WGS84 point, in districts matching {@code districtPrefix}. */
    public List<ServicePointRow> servicePointsWithin(double lon, double lat, double radiusMeters, String districtPrefix) {
        List<ServicePointRow> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SERVICE_POINTS)) {
            // The box first, in the table's SRID so its GiST index answers; then the exact distance on the spheroid.
            double dLat = radiusMeters / 110_574.0 * 1.01;
            double dLon = radiusMeters / (111_320.0 * Math.cos(Math.toRadians(Math.min(89, Math.abs(lat))))) * 1.01;
            ps.setDouble(1, lon);
            ps.setDouble(2, lat);
            ps.setDouble(3, lon - dLon);
            ps.setDouble(4, lat - dLat);
            ps.setDouble(5, lon + dLon);
            ps.setDouble(6, lat + dLat);
            ps.setDouble(7, radiusMeters);
            ps.setString(8, districtPrefix + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ServicePointRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getDouble(7), rs.getDouble(8), rs.getDouble(9)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("finding service points failed", e);
        }
        return out;
    }

    /** The star weights and bands as stored. */
    public FiveStarRater rater() {
        List<FiveStarRater.Weight> weights = new ArrayList<>();
        Map<Integer, Double> bands = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT input, name_zh, weight, target FROM party_star_weight ORDER BY weight DESC, input")) {
                while (rs.next()) {
                    weights.add(new FiveStarRater.Weight(rs.getString(1), rs.getString(2), rs.getDouble(3), rs.getDouble(4)));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT stars, min_score FROM party_star_band")) {
                while (rs.next()) {
                    bands.put(rs.getInt(1), rs.getDouble(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the five-star weights failed", e);
        }
        return new FiveStarRater(weights, bands);
    }

    public void runScript(String sql, String what) {
        Transactions.inTransaction(dataSource, what, c -> {
            try (Statement st = c.createStatement()) {
                st.execute(sql);
                for (String t : List.of("party_org", "party_member", "party_contact", "volunteer_task", "volunteer_claim")) {
                    st.execute("ANALYZE " + t);
                }
            }
            return null;
        });
    }
}
