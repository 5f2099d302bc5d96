package cn.yiwang.open311;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.inject.Singleton;

/** Rows of {@code open311_client} (see {@code V12__open311_clients.sql}). */
@Singleton
public class Open311ClientRepository {

    static final String COLUMNS = "id, name, enabled, requests_per_minute, created_at, created_by";

    private final DataSource dataSource;

    public Open311ClientRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Optional<Open311Client> byKeyHash(String apiKeyHash) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM open311_client WHERE api_key_hash = ?")) {
            ps.setString(1, apiKeyHash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading Open311 clients failed", e);
        }
    }

    public Optional<Open311Client> find(Connection c, long id, boolean forUpdate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM open311_client WHERE id = ?"
                + (forUpdate ? " FOR UPDATE" : ""))) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    public List<Open311Client> all() {
        List<Open311Client> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM open311_client ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(map(rs));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading Open311 clients failed", e);
        }
        return out;
    }

    /** Inserts a client; empty when a client with this key hash exists already. */
    public Optional<Open311Client> insert(Connection c, String name, String apiKeyHash, int requestsPerMinute, String createdBy)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO open311_client (name, api_key_hash, requests_per_minute, created_by) VALUES (?, ?, ?, ?)
                ON CONFLICT (api_key_hash) DO NOTHING RETURNING\s""" + COLUMNS)) {
            ps.setString(1, name);
            ps.setString(2, apiKeyHash);
            ps.setInt(3, requestsPerMinute);
            ps.setString(4, createdBy);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    public Open311Client update(Connection c, long id, String name, boolean enabled, int requestsPerMinute) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE open311_client SET name = ?, enabled = ?, requests_per_minute = ? WHERE id = ? RETURNING " + COLUMNS)) {
            ps.setString(1, name);
            ps.setBoolean(2, enabled);
            ps.setInt(3, requestsPerMinute);
            ps.setLong(4, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return map(rs);
            }
        }
    }

    private static Open311Client map(ResultSet rs) throws SQLException {
        return new Open311Client(rs.getLong(1), rs.getString(2), rs.getBoolean(3), rs.getInt(4), rs.getTimestamp(5).toInstant(),
                rs.getString(6));
    }
}
