package cn.yiwang.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import cn.yiwang.api.Params;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;

/** {@code GET /api/admin/audit}: the newest audit entries, admins only. */
@Controller("/api/admin/audit")
@Secured(Role.ADMIN_KEY)
@ExecuteOn(TaskExecutors.BLOCKING)
public class AuditController {

    /** One audit entry; {@code detail} is the JSON text recorded with it. */
    @Serdeable
    public record Entry(long id, Instant at, String actor, @Nullable String role, String action, @Nullable String target,
                        @Nullable String clientIp, String detail) {
    }

    private final DataSource dataSource;

    public AuditController(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Get
    public List<Entry> newest(@Nullable @QueryValue String limit) {
        int n = Params.limit(limit, 100, 1000);
        List<Entry> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT id, at, actor, role, action, target, client_ip, detail::text FROM audit_log ORDER BY id DESC LIMIT ?")) {
            ps.setInt(1, n);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Entry(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getString(8)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the audit log failed", e);
        }
        return out;
    }
}
