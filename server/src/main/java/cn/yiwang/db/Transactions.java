package cn.yiwang.db;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * Runs JDBC work in one transaction on a pooled connection: committed when the work returns, rolled
 * back when it throws (the exception is rethrown as is; an {@link SQLException} is wrapped in an
 * {@link IllegalStateException} naming {@code what}). The connection goes back to the pool in
 * auto-commit mode.
 */
public final class Transactions {

    /** The work: everything it does on {@code c} commits or rolls back together. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private Transactions() {
    }

    public static <T> T inTransaction(DataSource dataSource, String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(what + " failed", e);
        }
    }
}
