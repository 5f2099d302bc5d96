package cn.yiwang.population.place;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.locationtech.jts.geom.Envelope;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

/**
 * Compounds, households and their micro-grid links in PostGIS. Generation is deterministic: the same
 * buildings give the same compounds and households (rooms numbered by floor, two per floor and unit).
 * All methods run on the caller's connection and transaction.
 */
@Singleton
public class PlaceRepository {

    /** Rooms per floor in one unit (单元) of a generated household layout. */
    static final int ROOMS_PER_FLOOR = 2;

    /** Households of one micro grid against the 50–70 standard. */
    @Serdeable
    public record MicroHouseholds(String code, String name, int households, String status) {
    }

    private static final String COMPOUNDS = """
            INSERT INTO compound (district_code, name, building_count, households, geom)
            SELECT district_code, compound, count(*), sum(households), ST_ConvexHull(ST_Collect(geom))
            FROM building WHERE compound IS NOT NULL GROUP BY district_code, compound
            ON CONFLICT (district_code, name) DO UPDATE SET building_count = excluded.building_count,
                households = excluded.households, geom = excluded.geom
            WHERE compound.building_count <> excluded.building_count OR compound.households <> excluded.households
               OR NOT ST_Equals(compound.geom, excluded.geom)""";

    // Household i of a building (0-based): unit i / (floors × 2) + 1, floor (i mod (floors × 2)) / 2 + 1,
    // room floor × 100 + slot (302 = third floor, second room). Units beyond 99 are not generated.
    private static final String HOUSEHOLDS = """
            INSERT INTO household (district_code, building_id, unit, floor, room, compound_id, micro_code, generated, geom)
            SELECT b.district_code, b.id, u.unit, u.floor, (u.floor * 100 + u.slot + 1)::text, c.id, b.micro_code, true,
                   ST_PointOnSurface(b.geom)
            FROM building b
            LEFT JOIN compound c ON c.district_code = b.district_code AND c.name = b.compound
            CROSS JOIN LATERAL (SELECT i / (b.floors * %1$d) + 1 AS unit, (i %% (b.floors * %1$d)) / %1$d + 1 AS floor,
                                       i %% %1$d AS slot
                                FROM generate_series(0, b.households - 1) i) u
            WHERE b.households > 0 AND u.unit <= 99
              AND NOT EXISTS (SELECT 1 FROM household h WHERE h.district_code = b.district_code AND h.building_id = b.id)
            """.formatted(ROOMS_PER_FLOOR);

    private static final String COMPOUND_MICRO = """
            UPDATE compound c SET micro_code = x.m
            FROM (SELECT compound_id, mode() WITHIN GROUP (ORDER BY micro_code) AS m FROM household
                  WHERE compound_id IN (SELECT id FROM compound WHERE geom && ST_MakeEnvelope(?, ?, ?, ?, 4326))
                  GROUP BY compound_id) x
            WHERE c.id = x.compound_id AND c.micro_code IS DISTINCT FROM x.m""";

    /**
     * Creates the compounds of all buildings with a compound name (updating existing ones) and the
     * households of every building that has none yet; returns {compounds, households inserted}.
     */
    public int[] generate(Connection c) throws SQLException {
        int compounds;
        int households;
        try (PreparedStatement ps = c.prepareStatement(COMPOUNDS)) {
            compounds = ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(HOUSEHOLDS)) {
            households = ps.executeUpdate();
        }
        if (compounds > 0 || households > 0) {
            try (PreparedStatement ps = c.prepareStatement(COMPOUND_MICRO)) {
                bind(ps, 1, new Envelope(-180, 180, -90, 90));
                ps.executeUpdate();
            }
        }
        return new int[] {compounds, households};
    }

    /**
     * Re-links households (to their building's micro grid), compounds (to the micro grid holding most
     * of their households), residents (their household's grid, or the grid covering their registered
     * point) and campaign statuses (their subject's grid) in {@code box}. Call after the buildings were
     * re-linked. Returns how many rows changed.
     */
    public int relink(Connection c, Envelope box) throws SQLException {
        int n = 0;
        n += update(c, """
                UPDATE household h SET micro_code = b.micro_code FROM building b
                WHERE h.district_code = b.district_code AND h.building_id = b.id AND b.geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)
                  AND h.micro_code IS DISTINCT FROM b.micro_code""", box);
        n += update(c, COMPOUND_MICRO, box);
        n += update(c, """
                UPDATE resident r SET micro_code = h.micro_code FROM household h
                WHERE r.household_id = h.id AND h.geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)
                  AND h.micro_code IS NOT NULL AND r.micro_code IS DISTINCT FROM h.micro_code""", box);
        n += update(c, """
                UPDATE resident r SET micro_code = n.code
                FROM (SELECT x.id, (SELECT m.code FROM grid m WHERE m.valid_to IS NULL AND m.level = 'micro'
                                      AND ST_Covers(m.geom, x.geom) ORDER BY m.code LIMIT 1) AS code
                      FROM resident x WHERE x.household_id IS NULL AND x.geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)) n
                WHERE r.id = n.id AND n.code IS NOT NULL AND r.micro_code IS DISTINCT FROM n.code""", box);
        n += update(c, """
                UPDATE campaign_status s SET micro_code = h.micro_code FROM campaign k, household h
                WHERE k.code = s.campaign_code AND k.subject = 'household' AND h.id = s.subject_id
                  AND s.geom && ST_MakeEnvelope(?, ?, ?, ?, 4326) AND s.micro_code IS DISTINCT FROM h.micro_code""", box);
        n += update(c, """
                UPDATE campaign_status s SET micro_code = r.micro_code FROM campaign k, resident r
                WHERE k.code = s.campaign_code AND k.subject = 'person' AND r.id = s.subject_id
                  AND s.geom && ST_MakeEnvelope(?, ?, ?, ?, 4326) AND s.micro_code IS DISTINCT FROM r.micro_code""", box);
        return n;
    }

    /**
     * Households per current micro grid under {@code gridPrefix} against [min, max]: status
     * {@code under}, {@code ok} or {@code over}. Micro grids without households count 0.
     */
    public List<MicroHouseholds> householdStandard(Connection c, String gridPrefix, int min, int max) throws SQLException {
        List<MicroHouseholds> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT g.code, g.name, count(h.id)
                FROM grid g LEFT JOIN household h ON h.micro_code = g.code
                WHERE g.valid_to IS NULL AND g.level = 'micro' AND g.code LIKE ? || '%'
                GROUP BY g.code, g.name ORDER BY g.code""")) {
            ps.setString(1, gridPrefix);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int n = rs.getInt(3);
                    out.add(new MicroHouseholds(rs.getString(1), rs.getString(2), n, n < min ? "under" : n > max ? "over" : "ok"));
                }
            }
        }
        return out;
    }

    /** Compounds under a grid prefix as GeoJSON features (non-personal: name, counts, micro grid). */
    public String compoundsJson(Connection c, String gridPrefix, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT coalesce(json_agg(json_build_object('type', 'Feature', 'id', id, 'geometry', ST_AsGeoJSON(geom, 7)::json,
                    'properties', json_build_object('id', id, 'districtCode', district_code, 'name', name, 'microCode', micro_code,
                        'buildings', building_count, 'households', households)) ORDER BY id), '[]')::text
                FROM (SELECT * FROM compound WHERE micro_code LIKE ? || '%' ORDER BY id LIMIT ?) x""")) {
            ps.setString(1, gridPrefix);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static int update(Connection c, String sql, Envelope box) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, 1, box);
            return ps.executeUpdate();
        }
    }

    static void bind(PreparedStatement ps, int at, Envelope box) throws SQLException {
        ps.setDouble(at, box.getMinX());
        ps.setDouble(at + 1, box.getMinY());
        ps.setDouble(at + 2, box.getMaxX());
        ps.setDouble(at + 3, box.getMaxY());
    }
}
