package cn.yiwang.cases;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Human-readable case codes {@code <prefix>-<yyyymmdd>-<n>}, {@code n} counted per prefix and day in
 * {@code case_code_counter}. Numbers are reserved in blocks of {@code blockSize}: one short
 * auto-commit statement moves the stored counter on by a block, and the numbers in between are
 * handed out from memory. Before, every case took its number in its own transaction on the counter
 * row, and all intakes queued behind that row lock (2.2 ms mean per case at 150 cases/s).
 *
 * <p>Codes are unique (every block comes from one atomic update of the shared row, so several server
 * instances on one database never collide) and increase within one instance. There are gaps: the
 * numbers left in a block when the server stops, or when a case fails after taking its code, are
 * never used. With several instances, codes of one day interleave by block, not by time.
 *
 * <p>The reserving statement need not wait for the disk ({@code synchronous_commit = off} for it
 * alone): any case that uses a number commits durably afterwards on the same cluster, and that flush
 * carries the counter's earlier WAL record with it. If the database crashes before any case of the
 * block committed, the block may be handed out again, but nothing durable used it.
 *
 * <p>Thread-safe; callers of one prefix and day wait for each other only while a block is fetched.
 */
public final class CaseCodeAllocator {

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private final int blockSize;
    private final ConcurrentHashMap<String, Block> blocks = new ConcurrentHashMap<>();

    /** The numbers {@code (next - 1, last]} of one prefix and day still unused in memory. */
    private static final class Block {
        private final String prefix;
        private final LocalDate day;
        private int next;
        private int last;

        Block(String prefix, LocalDate day) {
            this.prefix = prefix;
            this.day = day;
        }
    }

    /**
     * @param blockSize numbers reserved per database round trip, at least 1 (1 gives gap-free codes
     *                  except for failed cases, at the cost of one statement per case)
     */
    public CaseCodeAllocator(int blockSize) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("blockSize must be at least 1, got " + blockSize);
        }
        this.blockSize = blockSize;
    }

    /**
     * The next code of {@code prefix} on {@code day}. When the block in memory is used up, a new one
     * is reserved through {@code c}, which must be in auto-commit mode (the reservation commits on
     * its own, before the caller's transaction).
     */
    public String next(Connection c, String prefix, LocalDate day) throws SQLException {
        Block b = blocks.compute(prefix, (k, old) -> old != null && old.day.equals(day) ? old : new Block(prefix, day));
        int n;
        synchronized (b) {
            if (b.next == 0 || b.next > b.last) {
                b.last = reserve(c, prefix, day);
                b.next = b.last - blockSize + 1;
            }
            n = b.next++;
        }
        return String.format("%s-%s-%06d", prefix, day.format(DAY), n);
    }

    /** Moves the stored counter on by one block and returns its last number. */
    private int reserve(Connection c, String prefix, LocalDate day) throws SQLException {
        if (!c.getAutoCommit()) {
            throw new IllegalStateException("case codes are reserved outside the case's transaction");
        }
        c.setAutoCommit(false);
        try (PreparedStatement async = c.prepareStatement("SET LOCAL synchronous_commit = off");
             PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO case_code_counter (prefix, day, n) VALUES (?, ?, ?)
                     ON CONFLICT (prefix, day) DO UPDATE SET n = case_code_counter.n + EXCLUDED.n RETURNING n""")) {
            async.execute();
            ps.setString(1, prefix);
            ps.setObject(2, day);
            ps.setInt(3, blockSize);
            int last;
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                last = rs.getInt(1);
            }
            c.commit();
            return last;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }
}
