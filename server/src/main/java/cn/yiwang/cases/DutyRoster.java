package cn.yiwang.cases;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

/**
 * Who is on duty for which grid (table {@code grid_duty}), in memory: a case routed to a micro grid
 * goes to the on-duty worker of the nearest grid up its chain that has one (normally its level-3
 * grid's 网格员). Reloaded atomically after a change; thread-safe.
 */
@Singleton
public class DutyRoster {

    /** A user as cases show them. */
    @Serdeable
    public record Person(long id, String username, String name, String role) {
    }

    private record Snapshot(Map<String, Long> byGrid, Map<Long, Person> people) {
    }

    private final DataSource dataSource;
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>();

    public DutyRoster(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void reload() {
        Map<String, Long> byGrid = new HashMap<>();
        Map<Long, Person> people = new HashMap<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT grid_code, user_id FROM grid_duty WHERE on_duty ORDER BY grid_code, since, user_id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byGrid.putIfAbsent(rs.getString(1), rs.getLong(2));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT id, username, display_name, role FROM app_user WHERE NOT disabled");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    people.put(rs.getLong(1), new Person(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the duty roster failed", e);
        }
        snapshot.set(new Snapshot(Map.copyOf(byGrid), Map.copyOf(people)));
    }

    private Snapshot current() {
        Snapshot s = snapshot.get();
        if (s == null) {
            synchronized (this) {
                if (snapshot.get() == null) {
                    reload();
                }
                s = snapshot.get();
            }
        }
        return s;
    }

    /**
     * The roster's current version: the same object until the roster is reloaded, so an answer
     * derived from the roster can be remembered under it ({@link cn.yiwang.routing.MemoizingChain}).
     */
    public Object version() {
        return current();
    }

    /** The on-duty worker of the first grid in {@code chain} (micro first) that has one. */
    public Optional<Person> onDuty(List<String> chain) {
        Snapshot s = current();
        for (String code : chain) {
            Long id = s.byGrid().get(code);
            if (id != null && s.people().containsKey(id)) {
                return Optional.of(s.people().get(id));
            }
        }
        return Optional.empty();
    }

    public Optional<Person> person(Long id) {
        return id == null ? Optional.empty() : Optional.ofNullable(current().people().get(id));
    }
}
