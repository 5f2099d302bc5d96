package cn.yiwang.db;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * What kind of database failure an exception carries (anywhere in its cause chain), for those who
 * answer it or retry it: the HTTP error handler (503 instead of 500) and background writers.
 */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    /** No pooled connection became free in time: the server is overloaded. */
    public static boolean isPoolTimeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLTransientConnectionException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The database cut or refused the connection (a restart, a failover: SQLSTATE class {@code 08},
     * {@code 57P01}–{@code 57P03}), as opposed to a statement that failed.
     */
    public static boolean isConnectionLost(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException e && e.getSQLState() != null) {
                String state = e.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Either: worth trying again a little later. */
    public static boolean isTransient(Throwable t) {
        return isPoolTimeout(t) || isConnectionLost(t);
    }
}
