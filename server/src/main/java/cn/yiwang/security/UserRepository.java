package cn.yiwang.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.inject.Singleton;

/** SQL for {@code app_user}. */
@Singleton
public class UserRepository {

    private static final String COLUMNS = "id, username, password_hash, role, scope_code, display_name, demo, disabled, department_code";

    private final DataSource dataSource;

    public UserRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<AppUser> find(String username) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM app_user WHERE username = ?")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading user failed", e);
        }
    }

    public List<AppUser> all() {
        List<AppUser> users = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM app_user ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                users.add(map(rs));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading users failed", e);
        }
        return users;
    }

    /** Inserts a user unless the username exists; returns whether it was inserted. */
    public boolean insertIfAbsent(String username, String passwordHash, Role role, String scopeCode, String displayName, boolean demo) {
        return insertIfAbsent(username, passwordHash, role, scopeCode, displayName, demo, null);
    }

    /** As above, for a department handler bound to {@code departmentCode}. */
    public boolean insertIfAbsent(String username, String passwordHash, Role role, String scopeCode, String displayName, boolean demo,
                                  @io.micronaut.core.annotation.Nullable String departmentCode) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO app_user (username, password_hash, role, scope_code, display_name, demo, department_code)
                     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (username) DO NOTHING""")) {
            ps.setString(1, username);
            ps.setString(2, passwordHash);
            ps.setString(3, role.key());
            ps.setString(4, scopeCode);
            ps.setString(5, displayName);
            ps.setBoolean(6, demo);
            ps.setString(7, departmentCode);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("creating user " + username + " failed", e);
        }
    }

    private static AppUser map(ResultSet rs) throws SQLException {
        return new AppUser(rs.getLong(1), rs.getString(2), rs.getString(3), Role.fromKey(rs.getString(4)), rs.getString(5),
                rs.getString(6), rs.getBoolean(7), rs.getBoolean(8), rs.getString(9));
    }
}
