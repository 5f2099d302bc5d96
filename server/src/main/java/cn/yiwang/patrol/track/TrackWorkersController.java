package cn.yiwang.patrol.track;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import cn.yiwang.api.Params;
import cn.yiwang.security.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;

/**
 * {@code GET /api/patrol/workers?q=&limit=}: the grid workers whose tracks the caller may read (the
 * playback panel's picker): desk roles the workers of their scope, matched by account or name, a grid
 * worker themselves only, other roles nobody. No personal data beyond account, name and own grid.
 */
@Controller("/api/patrol/workers")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class TrackWorkersController {

    /** A worker the caller may pick. */
    @Serdeable
    public record Item(String username, String name, @Nullable String ownGrid) {
    }

    static final String SQL = """
            SELECT username, display_name, own FROM (
                SELECT u.username, u.display_name,
                       (SELECT min(g.grid_code) FROM grid_duty g WHERE g.user_id = u.id AND g.on_duty) AS own, u.scope_code
                FROM app_user u WHERE u.role = 'grid_worker' AND NOT u.disabled
                  AND (u.username ILIKE ? ESCAPE '\\' OR u.display_name ILIKE ? ESCAPE '\\')) w
            WHERE coalesce(own, scope_code) LIKE ? ESCAPE '\\'
            ORDER BY username LIMIT ?""";

    private final DataSource dataSource;

    public TrackWorkersController(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    public List<Item> list(@Nullable @QueryValue String q, @Nullable @QueryValue String limit, Authentication auth) {
        Caller caller = Caller.of(auth);
        int max = Params.limit(limit, 50, 500);
        if (!TrackAccess.readsOthers(caller)) {
            return List.of();
        }
        String pattern = "%" + escape(q == null ? "" : q.trim()) + "%";
        List<Item> items = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setString(1, pattern);
            ps.setString(2, pattern);
            ps.setString(3, escape(caller.scope()) + "%");
            ps.setInt(4, max);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.add(new Item(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("listing patrol workers failed", e);
        }
        return items;
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
