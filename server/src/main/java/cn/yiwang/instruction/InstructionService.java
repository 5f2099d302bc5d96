package cn.yiwang.instruction;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.locationtech.jts.io.WKBWriter;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Problem;
import cn.yiwang.db.Transactions;
import cn.yiwang.grid.GridService;
import cn.yiwang.grid.GridSummary;
import cn.yiwang.live.LiveConfiguration;
import cn.yiwang.live.LiveEvent;
import cn.yiwang.live.LiveEventLog;
import cn.yiwang.live.LiveTopic;
import cn.yiwang.security.AuditLog;
import cn.yiwang.security.Caller;
import cn.yiwang.security.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

/**
 * Sends instructions and records their receipts. Sending resolves the recipients (the on-duty grid
 * workers of the level-3 grids under the target code, or intersecting the drawn area), then writes
 * the instruction, one receipt per recipient, the audit entry and the {@code instruction.sent} live
 * event in one transaction: all or nothing. Reading and finishing update the caller's own receipt
 * and announce {@code instruction.read} / {@code instruction.done} with the new read share, for the
 * sender's big screen.
 */
@Singleton
public class InstructionService {

    private static final String RECIPIENTS_BY_CODE = """
            SELECT DISTINCT ON (u.id) u.id, d.grid_code FROM grid_duty d JOIN app_user u ON u.id = d.user_id
            WHERE d.on_duty AND NOT u.disabled AND u.role = 'grid_worker' AND d.grid_code LIKE ? ORDER BY u.id, d.grid_code""";
    private static final String RECIPIENTS_BY_AREA = """
            SELECT DISTINCT ON (u.id) u.id, d.grid_code FROM grid_duty d JOIN app_user u ON u.id = d.user_id
            WHERE d.on_duty AND NOT u.disabled AND u.role = 'grid_worker' AND d.grid_code IN (
                SELECT code FROM grid_current WHERE level = 'l3' AND ST_Intersects(geom, ST_GeomFromWKB(?, 4326)))
            ORDER BY u.id, d.grid_code""";

    private final DataSource dataSource;
    private final LiveEventLog live;
    private final AuditLog audit;
    private final GridService grids;
    private final JsonMapper json;
    private final LiveConfiguration config;

    public InstructionService(DataSource dataSource, LiveEventLog live, AuditLog audit, GridService grids, JsonMapper json,
                              LiveConfiguration config) {
        this.dataSource = dataSource;
        this.live = live;
        this.audit = audit;
        this.grids = grids;
        this.json = json;
        this.config = config;
    }

    /** Sends; returns the instruction's status as {@link #status} shows it to the sender. */
    public Map<String, Object> send(InstructionRequest req, Caller caller, @Nullable String clientIp) {
        if (caller.role() != Role.OPS && caller.role() != Role.ADMIN) {
            throw forbidden("Only the ops center (ops) and admins send instructions.", null);
        }
        String targetCode = req.targetCode();
        if (targetCode != null) {
            if (!caller.covers(targetCode)) {
                throw forbidden("Target '" + targetCode + "' is outside your scope '" + caller.scope() + "'.", "/target/code");
            }
            if (targetCode.length() > 4) {
                String level = switch (req.targetKind()) {
                    case "district" -> "district";
                    case "street" -> "l1";
                    default -> "l2";
                };
                GridSummary g = grids.catalog().get(targetCode).orElse(null);
                if (g == null || !level.equals(g.level())) {
                    throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "/problems/unknown-grid", "No " + req.targetKind() + " with code '"
                            + targetCode + "'.", List.of(new Problem.InvalidParam(null, "/target/code", "unknown " + req.targetKind())));
                }
            }
        }
        byte[] areaWkb = req.area() == null ? null : new WKBWriter().write(req.area());
        String eventScope = targetCode != null ? targetCode : caller.scope();
        long id = Transactions.inTransaction(dataSource, "sending an instruction", c -> {
            if (areaWkb != null) {
                try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM grid_current WHERE level = 'l3'"
                        + " AND ST_Intersects(geom, ST_GeomFromWKB(?, 4326)) AND code NOT LIKE ?")) {
                    ps.setBytes(1, areaWkb);
                    ps.setString(2, caller.scope() + "%");
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) > 0) {
                            throw forbidden("The drawn area reaches " + rs.getLong(1) + " grids outside your scope '" + caller.scope() + "'.",
                                    "/target/area");
                        }
                    }
                }
            }
            long instructionId;
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO instruction (sender_id, sender_username, title, body, target_kind, target_code, target_area, recipient_count)
                    VALUES (?, ?, ?, ?, ?, ?, ST_Multi(ST_GeomFromWKB(?, 4326)), 0) RETURNING id""")) {
                ps.setLong(1, caller.userId());
                ps.setString(2, caller.username());
                ps.setString(3, req.title());
                ps.setString(4, req.body());
                ps.setString(5, req.targetKind());
                ps.setString(6, eventScope);
                ps.setBytes(7, areaWkb);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    instructionId = rs.getLong(1);
                }
            }
            int recipients;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO instruction_receipt (instruction_id, user_id, grid_code, l1_code)"
                    + " SELECT ?, r.id, r.grid_code, left(r.grid_code, 9) FROM (" + (areaWkb == null ? RECIPIENTS_BY_CODE : RECIPIENTS_BY_AREA) + ") r")) {
                ps.setLong(1, instructionId);
                if (areaWkb == null) {
                    ps.setString(2, targetCode + "%");
                } else {
                    ps.setBytes(2, areaWkb);
                }
                recipients = ps.executeUpdate();
            }
            if (recipients == 0) {
                throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "/problems/no-recipients", "No on-duty grid worker in the target.",
                        List.of(new Problem.InvalidParam(null, "/target", "no on-duty grid worker")));
            }
            if (recipients > config.maxInstructionRecipients()) {
                throw new ApiException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "/problems/too-many-recipients", "The target holds "
                        + recipients + " grid workers; at most " + config.maxInstructionRecipients() + " per instruction.", List.of());
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE instruction SET recipient_count = ? WHERE id = ?")) {
                ps.setInt(1, recipients);
                ps.setLong(2, instructionId);
                ps.executeUpdate();
            }
            audit.record(c, caller.username(), caller.role().key(), "instruction.send", "instruction:" + instructionId, clientIp,
                    Map.of("target", req.targetKind() + ":" + eventScope, "recipients", recipients, "title", req.title()));
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("id", instructionId);
            payload.put("title", req.title());
            payload.put("body", req.body());
            payload.put("target", Map.of("kind", req.targetKind(), "code", eventScope));
            payload.put("sender", caller.username());
            payload.put("recipients", recipients);
            live.append(c, new LiveEvent.Draft(LiveTopic.INSTRUCTIONS, "instruction.sent", eventScope, List.of(), null, caller.username(),
                    instructionId, write(payload)));
            return instructionId;
        });
        return status(id, caller);
    }

    /** The caller's open instructions (not yet done), newest first. */
    public List<Map<String, Object>> mine(Caller caller) {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT i.id, i.title, i.body, i.created_at, i.sender_username, i.target_kind, i.target_code, r.read_at, r.done_at
                     FROM instruction_receipt r JOIN instruction i ON i.id = r.instruction_id
                     WHERE r.user_id = ? AND r.done_at IS NULL ORDER BY i.id DESC LIMIT 500""")) {
            ps.setLong(1, caller.userId());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getLong(1));
                    m.put("title", rs.getString(2));
                    m.put("body", rs.getString(3));
                    m.put("sentAt", instant(rs.getTimestamp(4)));
                    m.put("sender", rs.getString(5));
                    m.put("target", Map.of("kind", rs.getString(6), "code", rs.getString(7)));
                    m.put("readAt", instant(rs.getTimestamp(8)));
                    m.put("doneAt", instant(rs.getTimestamp(9)));
                    out.add(m);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading instructions failed", e);
        }
        return out;
    }

    /** The recipient read it (first time only: the read time and the event are written once). Returns the receipt. */
    public Map<String, Object> read(long id, Caller caller, @Nullable String clientIp) {
        return mark(id, caller, false, null, clientIp);
    }

    /** The recipient finished it, with optional feedback (read too, if it was not). Returns the receipt. */
    public Map<String, Object> done(long id, Caller caller, @Nullable String feedback, @Nullable String clientIp) {
        return mark(id, caller, true, feedback, clientIp);
    }

    private Map<String, Object> mark(long id, Caller caller, boolean done, @Nullable String feedback, @Nullable String clientIp) {
        return Transactions.inTransaction(dataSource, "updating an instruction receipt", c -> {
            String l1;
            String grid;
            Timestamp readAt;
            Timestamp doneAt;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT l1_code, grid_code, read_at, done_at FROM instruction_receipt WHERE instruction_id = ? AND user_id = ? FOR UPDATE")) {
                ps.setLong(1, id);
                ps.setLong(2, caller.userId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw ApiException.notFound("No instruction " + id + " addressed to you.");
                    }
                    l1 = rs.getString(1);
                    grid = rs.getString(2);
                    readAt = rs.getTimestamp(3);
                    doneAt = rs.getTimestamp(4);
                }
            }
            boolean changes = done ? doneAt == null : readAt == null;
            if (changes) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE instruction_receipt SET read_at = coalesce(read_at, now()),"
                        + " done_at = CASE WHEN ? THEN now() ELSE done_at END, feedback = CASE WHEN ? THEN ? ELSE feedback END"
                        + " WHERE instruction_id = ? AND user_id = ? RETURNING read_at, done_at")) {
                    ps.setBoolean(1, done);
                    ps.setBoolean(2, done);
                    ps.setString(3, feedback);
                    ps.setLong(4, id);
                    ps.setLong(5, caller.userId());
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        readAt = rs.getTimestamp(1);
                        doneAt = rs.getTimestamp(2);
                    }
                }
                String action = done ? "instruction.done" : "instruction.read";
                Map<String, Object> detail = new LinkedHashMap<>();
                if (feedback != null) {
                    detail.put("feedback", feedback);
                }
                audit.record(c, caller.username(), caller.role().key(), action, "instruction:" + id, clientIp, detail);
                String[] sender = new String[2];
                try (PreparedStatement ps = c.prepareStatement("SELECT sender_username, target_code FROM instruction WHERE id = ?")) {
                    ps.setLong(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        sender[0] = rs.getString(1);
                        sender[1] = rs.getString(2);
                    }
                }
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put("id", id);
                payload.put("user", caller.username());
                payload.put("grid", grid);
                payload.putAll(counts(c, id, null));
                Map<String, Object> street = counts(c, id, l1);
                street.put("code", l1);
                street.put("name", grids.catalog().get(l1).map(GridSummary::name).orElse(null));
                payload.put("street", street);
                live.append(c, new LiveEvent.Draft(LiveTopic.INSTRUCTIONS, action, sender[1], List.of(), null, sender[0], id, write(payload)));
            }
            Map<String, Object> receipt = new LinkedHashMap<>();
            receipt.put("id", id);
            receipt.put("readAt", instant(readAt));
            receipt.put("doneAt", instant(doneAt));
            receipt.put("changed", changes);
            return receipt;
        });
    }

    /** Recipients, read and done counts and shares, of one street ({@code l1}) or overall. */
    private static Map<String, Object> counts(Connection c, long id, @Nullable String l1) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*), count(read_at), count(done_at) FROM instruction_receipt"
                + " WHERE instruction_id = ?" + (l1 == null ? "" : " AND l1_code = ?"))) {
            ps.setLong(1, id);
            if (l1 != null) {
                ps.setString(2, l1);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return shares(rs.getLong(1), rs.getLong(2), rs.getLong(3));
            }
        }
    }

    private static Map<String, Object> shares(long recipients, long read, long done) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("recipients", recipients);
        m.put("read", read);
        m.put("done", done);
        m.put("readShare", recipients == 0 ? 0.0 : Math.round(10000.0 * read / recipients) / 10000.0);
        m.put("doneShare", recipients == 0 ? 0.0 : Math.round(10000.0 * done / recipients) / 10000.0);
        return m;
    }

    /**
     * One instruction: for its sender and the ops center and admins whose scope covers its target,
     * with the read and done shares overall and by street; for a recipient, the text and their own
     * receipt. Anyone else: 404.
     */
    public Map<String, Object> status(long id, Caller caller) {
        try (Connection c = dataSource.getConnection()) {
            Map<String, Object> m = new LinkedHashMap<>();
            String sender;
            String target;
            try (PreparedStatement ps = c.prepareStatement("SELECT id, title, body, created_at, sender_username, target_kind, target_code,"
                    + " ST_AsGeoJSON(target_area, 7)::json::text FROM instruction WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw notFound(id);
                    }
                    m.put("id", rs.getLong(1));
                    m.put("title", rs.getString(2));
                    m.put("body", rs.getString(3));
                    m.put("sentAt", instant(rs.getTimestamp(4)));
                    sender = rs.getString(5);
                    m.put("sender", sender);
                    target = rs.getString(7);
                    Map<String, Object> t = new LinkedHashMap<>();
                    t.put("kind", rs.getString(6));
                    t.put("code", target);
                    if (rs.getString(8) != null) {
                        t.put("area", json.readValue(rs.getString(8), Object.class));
                    }
                    m.put("target", t);
                }
            }
            boolean supervisor = caller.username().equals(sender)
                    || ((caller.role() == Role.OPS || caller.role() == Role.ADMIN) && caller.covers(target));
            if (!supervisor) {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT read_at, done_at, feedback FROM instruction_receipt WHERE instruction_id = ? AND user_id = ?")) {
                    ps.setLong(1, id);
                    ps.setLong(2, caller.userId());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            throw notFound(id);
                        }
                        Map<String, Object> r = new LinkedHashMap<>();
                        r.put("readAt", instant(rs.getTimestamp(1)));
                        r.put("doneAt", instant(rs.getTimestamp(2)));
                        r.put("feedback", rs.getString(3));
                        m.put("receipt", r);
                    }
                }
                return m;
            }
            m.putAll(counts(c, id, null));
            List<Map<String, Object>> byStreet = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT l1_code, count(*), count(read_at), count(done_at) FROM instruction_receipt"
                    + " WHERE instruction_id = ? GROUP BY l1_code ORDER BY l1_code")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Map<String, Object> s = new LinkedHashMap<>();
                        s.put("code", rs.getString(1));
                        s.put("name", grids.catalog().get(rs.getString(1)).map(GridSummary::name).orElse(null));
                        s.putAll(shares(rs.getLong(2), rs.getLong(3), rs.getLong(4)));
                        byStreet.add(s);
                    }
                }
            }
            m.put("byStreet", byStreet);
            return m;
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("reading instruction " + id + " failed", e);
        }
    }

    private static ApiException notFound(long id) {
        return ApiException.notFound("No instruction " + id + " within your reach.");
    }

    private static ApiException forbidden(String detail, @Nullable String pointer) {
        return new ApiException(HttpStatus.FORBIDDEN, "/problems/forbidden", detail,
                pointer == null ? List.of() : List.of(new Problem.InvalidParam(null, pointer, "outside your scope")));
    }

    @Nullable
    private static String instant(@Nullable Timestamp t) {
        return t == null ? null : t.toInstant().toString();
    }

    private String write(Map<String, Object> payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
