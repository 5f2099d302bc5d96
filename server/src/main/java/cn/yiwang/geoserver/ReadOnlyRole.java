package cn.yiwang.geoserver;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;

/**
 * The database role GeoServer logs in with: LOGIN, a fresh random password at every publish, and
 * SELECT on the published views and {@code gt_pk_metadata} only (views read their tables with the
 * owner's rights, so the role never touches a table directly and can change nothing).
 */
public final class ReadOnlyRole {

    public static final String NAME = "yiwang_geoserver";

    private ReadOnlyRole() {
    }

    /** Creates or updates the role; returns its new password. */
    public static String ensure(Connection admin, List<String> views) throws SQLException {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        // Base64url has no quote characters, so the literal below cannot be broken out of.
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        boolean auto = admin.getAutoCommit();
        admin.setAutoCommit(false);
        try (Statement st = admin.createStatement()) {
            boolean exists;
            try (PreparedStatement ps = admin.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
                ps.setString(1, NAME);
                try (ResultSet rs = ps.executeQuery()) {
                    exists = rs.next();
                }
            }
            st.execute((exists ? "ALTER ROLE " : "CREATE ROLE ") + NAME + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '" + password + "'");
            String db;
            String schema;
            try (ResultSet rs = st.executeQuery("SELECT current_database(), current_schema()")) {
                rs.next();
                db = rs.getString(1);
                schema = rs.getString(2);
            }
            st.execute("GRANT CONNECT ON DATABASE " + quote(db) + " TO " + NAME);
            st.execute("GRANT USAGE ON SCHEMA " + quote(schema) + " TO " + NAME);
            for (String view : views) {
                st.execute("GRANT SELECT ON " + quote(view) + " TO " + NAME);
            }
            st.execute("GRANT SELECT ON gt_pk_metadata TO " + NAME);
            admin.commit();
        } catch (SQLException e) {
            admin.rollback();
            throw e;
        } finally {
            admin.setAutoCommit(auto);
        }
        return password;
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
