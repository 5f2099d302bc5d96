package cn.yiwang.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;

import javax.sql.DataSource;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

/**
 * Writes to the append-only {@code audit_log} (the table's triggers reject UPDATE, DELETE and
 * TRUNCATE). Every change and every security-relevant event is recorded with who, role, what,
 * target and client address.
 */
@Singleton
public class AuditLog {

    private final DataSource dataSource;
    private final JsonMapper json;

    public AuditLog(DataSource dataSource, JsonMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    public void record(String actor, @Nullable String role, String action, @Nullable String target, @Nullable String clientIp,
                       Map<String, ?> detail) {
        try (Connection c = dataSource.getConnection()) {
            record(c, actor, role, action, target, clientIp, detail);
        } catch (SQLException e) {
            throw new IllegalStateException("writing the audit log failed", e);
        }
    }

    /**
     * Records on the caller's connection, inside its transaction: the entry is written if and only
     * if the change it describes commits.
     */
    public void record(Connection c, String actor, @Nullable String role, String action, @Nullable String target,
                       @Nullable String clientIp, Map<String, ?> detail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO audit_log (actor, role, action, target, client_ip, detail) VALUES (?, ?, ?, ?, ?, ?::jsonb)")) {
            ps.setString(1, actor);
            ps.setString(2, role);
            ps.setString(3, action);
            ps.setString(4, target);
            ps.setString(5, clientIp);
            ps.setString(6, json.writeValueAsString(detail));
            ps.executeUpdate();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("writing the audit log failed", e);
        }
    }
}
