package cn.yiwang.population;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/**
 * The {@code resident} table. Every read takes the grid prefix it must stay under; text patterns
 * are escaped, so a name containing {@code %} or {@code _} matches itself only. Runs on the caller's
 * connection.
 */
@Singleton
public class ResidentRepository {

    /** A stored resident: masked columns, sealed phone and ID, and where they live. */
    public record Row(long id, String name, @Nullable String gender, @Nullable Integer birthYear, @Nullable String phoneMasked,
                      String idMasked, @Nullable byte[] phoneSealed, byte[] idSealed, List<String> tags, String microCode,
                      @Nullable String compound, @Nullable ResidentView.Household household) {
    }

    /**
     * What a search asks for. {@code name}: prefix, or substring when {@code contains}; results come
     * in name order (code point order) when a name is given, else in id order.
     */
    public record Query(String gridPrefix, @Nullable String name, boolean contains, List<String> tags, int limit, int offset) {
    }

    /** A resident to insert (sealed fields already encrypted). */
    public record NewResident(String districtCode, @Nullable Long householdId, @Nullable Long compoundId, String microCode,
                              String name, @Nullable String gender, @Nullable Integer birthYear, @Nullable byte[] phoneSealed,
                              @Nullable String phoneMasked, byte[] idSealed, byte[] idIndex, String idMasked, List<String> tags,
                              boolean generated, double lon, double lat) {
    }

    private static final String SELECT = """
            SELECT r.id, r.name, r.gender, r.birth_year, r.phone_masked, r.id_masked, r.phone_enc, r.id_enc, r.tags, r.micro_code,
                   c.name, h.id, h.building_id, h.unit, h.floor, h.room
            FROM resident r LEFT JOIN household h ON h.id = r.household_id LEFT JOIN compound c ON c.id = r.compound_id
            """;

    public List<Row> search(Connection c, Query q) throws SQLException {
        StringBuilder sql = new StringBuilder(SELECT).append(" WHERE r.micro_code LIKE ? ");
        List<Object> args = new ArrayList<>();
        args.add(escapeLike(q.gridPrefix()) + "%");
        if (q.name() != null && !q.name().isBlank()) {
            sql.append(" AND r.name LIKE ? ");
            args.add((q.contains() ? "%" : "") + escapeLike(q.name().strip()) + "%");
        }
        if (!q.tags().isEmpty()) {
            sql.append(" AND r.tags @> ? ");
            args.add(c.createArrayOf("text", q.tags().toArray()));
        }
        // With a name: in name order along resident_name (text_pattern_ops, hence USING ~<~), so a
        // district-wide prefix stops after the page instead of sorting every match. Without one: in
        // registration order along the primary key, which a tag filter thins out evenly.
        boolean byName = q.name() != null && !q.name().isBlank();
        sql.append(byName ? " ORDER BY r.name USING ~<~, r.id" : " ORDER BY r.id").append(" LIMIT ? OFFSET ?");
        args.add(q.limit());
        args.add(q.offset());
        return rows(c, sql.toString(), args);
    }

    public Optional<Row> find(Connection c, long id) throws SQLException {
        return rows(c, SELECT + " WHERE r.id = ?", List.of(id)).stream().findFirst();
    }

    /** Exact lookup by the blind index of an ID number. */
    public Optional<Row> findByIdIndex(Connection c, byte[] index) throws SQLException {
        return rows(c, SELECT + " WHERE r.id_hmac = ?", List.of(index)).stream().findFirst();
    }

    /** Which of these blind indexes are already stored. */
    public List<byte[]> existingIndexes(Connection c, List<byte[]> indexes) throws SQLException {
        List<byte[]> out = new ArrayList<>();
        if (indexes.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id_hmac FROM resident WHERE id_hmac IN (SELECT decode(x, 'hex') FROM unnest(?::text[]) x)")) {
            ps.setArray(1, c.createArrayOf("text", indexes.stream().map(java.util.HexFormat.of()::formatHex).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getBytes(1));
                }
            }
        }
        return out;
    }

    public void insertAll(Connection c, List<NewResident> residents) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO resident (district_code, household_id, compound_id, micro_code, name, gender, birth_year, phone_enc, phone_masked,
                                      id_enc, id_hmac, id_masked, tags, generated, geom)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ST_SetSRID(ST_MakePoint(?, ?), 4326))""")) {
            int n = 0;
            for (NewResident r : residents) {
                ps.setString(1, r.districtCode());
                ps.setObject(2, r.householdId());
                ps.setObject(3, r.compoundId());
                ps.setString(4, r.microCode());
                ps.setString(5, r.name());
                ps.setString(6, r.gender());
                ps.setObject(7, r.birthYear());
                ps.setBytes(8, r.phoneSealed());
                ps.setString(9, r.phoneMasked());
                ps.setBytes(10, r.idSealed());
                ps.setBytes(11, r.idIndex());
                ps.setString(12, r.idMasked());
                ps.setArray(13, c.createArrayOf("text", r.tags().toArray()));
                ps.setBoolean(14, r.generated());
                ps.setDouble(15, r.lon());
                ps.setDouble(16, r.lat());
                ps.addBatch();
                if (++n % 1000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    public long count(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM resident"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<Row> rows(Connection c, String sql, List<Object> args) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                Object a = args.get(i);
                if (a instanceof byte[] b) {
                    ps.setBytes(i + 1, b);
                } else {
                    ps.setObject(i + 1, a);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Array tags = rs.getArray(9);
                    long householdId = rs.getLong(12);
                    ResidentView.Household h = rs.wasNull() ? null
                            : new ResidentView.Household(householdId, rs.getString(13), rs.getInt(14), rs.getInt(15), rs.getString(16));
                    int by = rs.getInt(4);
                    Integer birthYear = rs.wasNull() ? null : by;
                    out.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), birthYear, rs.getString(5), rs.getString(6),
                            rs.getBytes(7), rs.getBytes(8), List.of((String[]) tags.getArray()), rs.getString(10), rs.getString(11), h));
                }
            }
        }
        return out;
    }

    static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
