package cn.yiwang.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.sql.DataSource;

/** The live event log as tests wait for it: case events are written on their own thread after the case commits. */
public final class LiveLog {

    private LiveLog() {
    }

    /**
     * Waits (at most 10 s) until the {@code case.created} events of these cases are in the log;
     * returns the highest of their event ids.
     */
    public static long awaitCaseCreated(DataSource ds, List<Long> caseIds) throws SQLException, InterruptedException {
        String ids = caseIds.stream().map(id -> "'" + id + "'").collect(Collectors.joining(","));
        String sql = "SELECT count(DISTINCT payload->>'id'), coalesce(max(id), 0) FROM live_event"
                + " WHERE type = 'case.created' AND payload->>'id' IN (" + ids + ")";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getInt(1) == caseIds.size()) {
                    return rs.getLong(2);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the live events of cases " + caseIds + " were not logged within 10 s");
            }
            Thread.sleep(20); // polling the log, bounded by the deadline above
        }
    }
}
