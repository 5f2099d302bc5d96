package cn.yiwang.cases;

import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

/**
 * SQL for {@code case_record} and {@code case_event}. Every method takes the caller's connection so
 * the service can put a row change, its event and the audit entry in one transaction.
 */
@Singleton
public class CaseRepository {

    /** Columns read into a {@link CaseState} (lon/lat come from geom). */
    static final String SELECT_STATE = "SELECT id, version, created_at, updated_at, "
            + Arrays.stream(CaseColumn.values())
                .map(c -> switch (c) {
                    case LON -> "ST_X(geom) AS lon";
                    case LAT -> "ST_Y(geom) AS lat";
                    case ROUTE_ALTERNATIVES -> "route_alternatives::text AS route_alternatives";
                    default -> c.column();
                })
                .collect(Collectors.joining(", "))
            + " FROM case_record";

    private final JsonMapper json;

    public CaseRepository(JsonMapper json) {
        this.json = json;
    }

    /** Inserts the row of a new case (its id is assigned here) and returns the id. */
    public long insert(Connection c, CaseState s) throws SQLException {
        RowInsert row = rowInsert(s);
        try (PreparedStatement ps = c.prepareStatement(row.sql() + " RETURNING id")) {
            bind(c, ps, 1, row);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** An audit entry written with an intake ({@link #insertIntake}); {@code detail} becomes JSON. */
    public record AuditEntry(String actor, String role, String action, String target, String clientIp, Map<String, ?> detail) {
    }

    /** The idempotency key of an intake: stored with the case unless another request holds it already. */
    public record KeyEntry(String actor, String key, String requestHash) {
    }

    /**
     * A new case's writes in one statement (data-modifying CTEs): its row, its first events, the audit
     * entry and, when given, the idempotency key. One round trip instead of four on the busiest path.
     *
     * @return the new id, or −1 when {@code key} is already held by another request (committed, or
     *         committed while this statement waited for it): then nothing of this case may be kept,
     *         and the caller rolls back and answers with the first request's case
     */
    public long insertIntake(Connection c, CaseState s, List<CaseEvent> events, AuditEntry audit, KeyEntry key) throws SQLException {
        RowInsert row = rowInsert(s);
        List<Map<String, Object>> rows = new ArrayList<>(events.size());
        for (CaseEvent e : events) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seq", e.seq());
            m.put("at", e.at().toString());
            m.put("actor", e.actor());
            m.put("role", e.role());
            m.put("type", e.type());
            m.put("from_status", e.fromStatus());
            m.put("to_status", e.toStatus());
            m.put("comment", e.comment());
            m.put("lon", e.lon());
            m.put("lat", e.lat());
            m.put("attachments", e.attachments());
            m.put("data", eventData(e));
            rows.add(m);
        }
        String sql = "WITH c AS (" + row.sql() + " RETURNING id),"
                + " e AS (INSERT INTO case_event (case_id, seq, at, actor, role, type, from_status, to_status, comment, geom, attachments, data)"
                + " SELECT c.id, x.seq, x.at, x.actor, x.role, x.type, x.from_status, x.to_status, x.comment,"
                + " CASE WHEN x.lon IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(x.lon, x.lat), 4326) END, x.attachments, x.data"
                + " FROM c, jsonb_to_recordset(?::jsonb) AS x(seq int, at timestamptz, actor text, role text, type text, from_status text,"
                + " to_status text, comment text, lon float8, lat float8, attachments text[], data jsonb)),"
                + " a AS (INSERT INTO audit_log (actor, role, action, target, client_ip, detail) VALUES (?, ?, ?, ?, ?, ?::jsonb)),"
                + " k AS (INSERT INTO idempotency_key (actor, key, request_hash, case_id) SELECT ?, ?, ?, c.id FROM c WHERE ?::text IS NOT NULL"
                + " ON CONFLICT DO NOTHING RETURNING case_id)"
                + " SELECT c.id, (SELECT count(*) FROM k) FROM c";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = bind(c, ps, 1, row);
            ps.setString(i++, writeJson(rows));
            ps.setString(i++, audit.actor());
            ps.setString(i++, audit.role());
            ps.setString(i++, audit.action());
            ps.setString(i++, audit.target());
            ps.setString(i++, audit.clientIp());
            ps.setString(i++, writeJson(audit.detail()));
            ps.setString(i++, key == null ? null : key.actor());
            ps.setString(i++, key == null ? null : key.key());
            ps.setString(i++, key == null ? null : key.requestHash());
            ps.setString(i, key == null ? null : key.key());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return key != null && rs.getLong(2) == 0 ? -1 : rs.getLong(1);
            }
        }
    }

    /** The INSERT of a case row (without RETURNING) and the columns it binds, in order. */
    private record RowInsert(String sql, CaseState state, List<CaseColumn> columns) {
    }

    private static RowInsert rowInsert(CaseState s) {
        List<String> cols = new ArrayList<>();
        List<String> marks = new ArrayList<>();
        List<CaseColumn> bound = new ArrayList<>();
        for (CaseColumn col : s.values().keySet()) {
            if (col == CaseColumn.LON || col == CaseColumn.LAT) {
                continue;
            }
            cols.add(col.column());
            marks.add(col.kind() == CaseColumn.Kind.JSON ? "?::jsonb" : "?");
            bound.add(col);
        }
        cols.add("geom");
        marks.add("CASE WHEN ?::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(?::float8, ?::float8), 4326) END");
        String sql = "INSERT INTO case_record (" + String.join(", ", cols) + ", version, created_at, updated_at) VALUES ("
                + String.join(", ", marks) + ", ?, ?, ?)";
        return new RowInsert(sql, s, bound);
    }

    /** Binds {@code row}'s parameters from index {@code first}; returns the next free index. */
    private int bind(Connection c, PreparedStatement ps, int first, RowInsert row) throws SQLException {
        CaseState s = row.state();
        int i = first;
        for (CaseColumn col : row.columns()) {
            bind(c, ps, i++, col, s.values().get(col));
        }
        Double lon = s.decimal(CaseColumn.LON);
        Double lat = s.decimal(CaseColumn.LAT);
        setDouble(ps, i++, lon);
        setDouble(ps, i++, lon);
        setDouble(ps, i++, lat);
        ps.setInt(i++, s.version());
        ps.setTimestamp(i++, Timestamp.from(s.createdAt()));
        ps.setTimestamp(i++, Timestamp.from(s.updatedAt()));
        return i;
    }

    /**
     * Writes the changed fields of {@code next} if the row is still at {@code next.version() - 1}.
     *
     * @return false when another writer got there first (the caller answers 409)
     */
    public boolean update(Connection c, CaseState next, Map<CaseColumn, Object> changes) throws SQLException {
        List<String> sets = new ArrayList<>();
        List<CaseColumn> order = new ArrayList<>();
        for (CaseColumn col : changes.keySet()) {
            if (col == CaseColumn.LON || col == CaseColumn.LAT) {
                throw new IllegalArgumentException("a case's location is fixed at intake");
            }
            sets.add(col.column() + " = " + (col.kind() == CaseColumn.Kind.JSON ? "?::jsonb" : "?"));
            order.add(col);
        }
        sets.add("version = ?");
        sets.add("updated_at = ?");
        try (PreparedStatement ps = c.prepareStatement("UPDATE case_record SET " + String.join(", ", sets)
                + " WHERE id = ? AND version = ?")) {
            int i = 1;
            for (CaseColumn col : order) {
                bind(c, ps, i++, col, defaulted(col, next.get(col)));
            }
            ps.setInt(i++, next.version());
            ps.setTimestamp(i++, Timestamp.from(next.updatedAt()));
            ps.setLong(i++, next.id());
            ps.setInt(i, next.version() - 1);
            return ps.executeUpdate() == 1;
        }
    }

    /** A cleared field goes back to its column default (false, 0, empty) where the column is NOT NULL. */
    private static Object defaulted(CaseColumn col, Object v) {
        if (v != null) {
            return v;
        }
        return switch (col.kind()) {
            case BOOL -> Boolean.FALSE;
            case TEXT_ARRAY -> List.of();
            case JSON -> "[]";
            case INT -> col == CaseColumn.FLOOR || col == CaseColumn.SATISFACTION ? null : 0;
            default -> null;
        };
    }

    public Optional<CaseState> find(Connection c, long id, boolean forUpdate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT_STATE + " WHERE id = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    public Optional<Long> idOfCode(Connection c, String code) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM case_record WHERE code = ?")) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    CaseState map(ResultSet rs) throws SQLException {
        EnumMap<CaseColumn, Object> values = new EnumMap<>(CaseColumn.class);
        for (CaseColumn col : CaseColumn.values()) {
            Object v = switch (col.kind()) {
                case TEXT, JSON -> rs.getString(col.column());
                case INT -> {
                    int n = rs.getInt(col.column());
                    yield rs.wasNull() ? null : n;
                }
                case LONG -> {
                    long n = rs.getLong(col.column());
                    yield rs.wasNull() ? null : n;
                }
                case DOUBLE -> {
                    double n = rs.getDouble(col.column());
                    yield rs.wasNull() ? null : n;
                }
                case BOOL -> rs.getBoolean(col.column());
                case INSTANT -> {
                    Timestamp t = rs.getTimestamp(col.column());
                    yield t == null ? null : t.toInstant();
                }
                case TEXT_ARRAY -> {
                    Array a = rs.getArray(col.column());
                    yield a == null ? null : List.of((String[]) a.getArray());
                }
            };
            if (col.kind() == CaseColumn.Kind.JSON && v != null) {
                v = canonicalJson(v.toString());
            }
            values.put(col, v);
        }
        return new CaseState(rs.getLong("id"), rs.getInt("version"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), values);
    }

    private static final String INSERT_EVENT = """
            INSERT INTO case_event (case_id, seq, at, actor, role, type, from_status, to_status, comment, geom, attachments, data)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,
                    CASE WHEN ?::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(?::float8, ?::float8), 4326) END,
                    ?, ?::jsonb)""";

    /** Appends an event (the table refuses updates and deletes). */
    public void insertEvent(Connection c, CaseEvent e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_EVENT)) {
            bindEvent(c, ps, e.caseId(), e);
            ps.executeUpdate();
        }
    }

    /** The event's {@code data} column: its row changes (by column name, as JSON values) and its parameters. */
    private static Map<String, Object> eventData(CaseEvent e) {
        Map<String, Object> changes = new LinkedHashMap<>();
        e.changes().forEach((col, v) -> changes.put(col.column(), col.toJson(v)));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("changes", changes);
        data.put("params", e.params());
        return data;
    }

    private void bindEvent(Connection c, PreparedStatement ps, long caseId, CaseEvent e) throws SQLException {
        Map<String, Object> data = eventData(e);
        ps.setLong(1, caseId);
        ps.setInt(2, e.seq());
        ps.setTimestamp(3, Timestamp.from(e.at()));
        ps.setString(4, e.actor());
        ps.setString(5, e.role());
        ps.setString(6, e.type());
        ps.setString(7, e.fromStatus());
        ps.setString(8, e.toStatus());
        ps.setString(9, e.comment());
        setDouble(ps, 10, e.lon());
        setDouble(ps, 11, e.lon());
        setDouble(ps, 12, e.lat());
        ps.setArray(13, c.createArrayOf("text", e.attachments().toArray()));
        ps.setString(14, writeJson(data));
    }

    public List<CaseEvent> events(Connection c, long caseId) throws SQLException {
        List<CaseEvent> events = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT seq, at, actor, role, type, from_status, to_status, comment, ST_X(geom), ST_Y(geom), attachments, data::text
                FROM case_event WHERE case_id = ? ORDER BY seq""")) {
            ps.setLong(1, caseId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> data = readJson(rs.getString(12));
                    EnumMap<CaseColumn, Object> changes = new EnumMap<>(CaseColumn.class);
                    Object raw = data.get("changes");
                    if (raw instanceof Map<?, ?> m) {
                        m.forEach((k, v) -> {
                            CaseColumn col = CaseColumn.fromColumn(k.toString());
                            Object value = col.fromJson(v);
                            changes.put(col, col.kind() == CaseColumn.Kind.JSON && value != null ? canonicalJson(value.toString()) : value);
                        });
                    }
                    @SuppressWarnings("unchecked")
                    Map<String, Object> params = data.get("params") instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of();
                    double lon = rs.getDouble(9);
                    Double lonValue = rs.wasNull() ? null : lon;
                    double lat = rs.getDouble(10);
                    Double latValue = rs.wasNull() ? null : lat;
                    events.add(new CaseEvent(caseId, rs.getInt(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), lonValue, latValue,
                            List.of((String[]) rs.getArray(11).getArray()), changes, withoutNulls(params)));
                }
            }
        }
        return events;
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (v != null) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** JSON text in one canonical form, so values that went through jsonb compare equal. */
    String canonicalJson(String text) {
        try {
            Object tree = json.readValue(text, Argument.OBJECT_ARGUMENT);
            return json.writeValueAsString(sorted(tree));
        } catch (IOException e) {
            throw new IllegalStateException("bad JSON in a case column", e);
        }
    }

    private static Object sorted(Object tree) {
        if (tree instanceof Map<?, ?> m) {
            java.util.TreeMap<String, Object> out = new java.util.TreeMap<>();
            m.forEach((k, v) -> out.put(k.toString(), sorted(v)));
            return out;
        }
        if (tree instanceof List<?> l) {
            return l.stream().map(CaseRepository::sorted).toList();
        }
        if (tree instanceof Number n && !(n instanceof Integer || n instanceof Long)) {
            return n.doubleValue();
        }
        return tree;
    }

    String writeJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON failed", e);
        }
    }

    Map<String, Object> readJson(String text) {
        try {
            return json.readValue(text, Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            throw new IllegalStateException("bad JSON in case_event.data", e);
        }
    }

    private void bind(Connection c, PreparedStatement ps, int i, CaseColumn col, Object v) throws SQLException {
        if (v == null) {
            ps.setNull(i, switch (col.kind()) {
                case INT -> Types.INTEGER;
                case LONG -> Types.BIGINT;
                case DOUBLE -> Types.DOUBLE;
                case BOOL -> Types.BOOLEAN;
                case INSTANT -> Types.TIMESTAMP_WITH_TIMEZONE;
                case TEXT_ARRAY -> Types.ARRAY;
                default -> Types.VARCHAR;
            });
            return;
        }
        switch (col.kind()) {
            case TEXT, JSON -> ps.setString(i, v.toString());
            case INT -> ps.setInt(i, ((Number) v).intValue());
            case LONG -> ps.setLong(i, ((Number) v).longValue());
            case DOUBLE -> ps.setDouble(i, ((Number) v).doubleValue());
            case BOOL -> ps.setBoolean(i, (Boolean) v);
            case INSTANT -> ps.setTimestamp(i, Timestamp.from((Instant) v));
            case TEXT_ARRAY -> ps.setArray(i, c.createArrayOf("text", ((List<?>) v).toArray()));
        }
    }

    private static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.DOUBLE);
        } else {
            ps.setDouble(i, v);
        }
    }
}
