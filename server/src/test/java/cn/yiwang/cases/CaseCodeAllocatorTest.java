package cn.yiwang.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.testing.PostgisTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/** {@link CaseCodeAllocator} on the real {@code case_code_counter}; each test uses its own prefix. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaseCodeAllocatorTest implements PostgisTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 23);

    @Inject
    DataSource dataSource;

    private String next(CaseCodeAllocator allocator, String prefix, LocalDate day) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return allocator.next(c, prefix, day);
        }
    }

    private int stored(String prefix, LocalDate day) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT n FROM case_code_counter WHERE prefix = ? AND day = ?")) {
            ps.setString(1, prefix);
            ps.setObject(2, day);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    @Test
    void numbersComeFromMemoryUntilTheBlockIsUsedUp() throws SQLException {
        CaseCodeAllocator allocator = new CaseCodeAllocator(10);
        assertEquals("TA-20261123-000001", next(allocator, "TA", DAY));
        assertEquals(10, stored("TA", DAY), "the first call reserves a whole block");
        for (int i = 2; i <= 10; i++) {
            assertEquals(String.format("TA-20261123-%06d", i), next(allocator, "TA", DAY));
        }
        assertEquals(10, stored("TA", DAY), "no round trip inside the block");
        assertEquals("TA-20261123-000011", next(allocator, "TA", DAY));
        assertEquals(20, stored("TA", DAY));
    }

    @Test
    void twoInstancesOnOneDatabaseNeverHandOutTheSameCode() throws SQLException {
        CaseCodeAllocator one = new CaseCodeAllocator(5);
        CaseCodeAllocator two = new CaseCodeAllocator(5);
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < 23; i++) {
            assertTrue(codes.add(next(one, "TB", DAY)));
            assertTrue(codes.add(next(two, "TB", DAY)));
        }
        assertEquals(46, codes.size());
        assertEquals(50, stored("TB", DAY), "each instance reserved five blocks of five");
    }

    @Test
    void concurrentCallersGetUniqueIncreasingCodes() throws Exception {
        CaseCodeAllocator allocator = new CaseCodeAllocator(7);
        ConcurrentLinkedQueue<String> all = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<String>>> perThread = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                perThread.add(pool.submit(() -> {
                    List<String> mine = new ArrayList<>();
                    for (int i = 0; i < 40; i++) {
                        String code = next(allocator, "TC", DAY);
                        mine.add(code);
                        all.add(code);
                    }
                    return mine;
                }));
            }
            for (Future<List<String>> f : perThread) {
                List<String> mine = f.get();
                for (int i = 1; i < mine.size(); i++) {
                    assertTrue(mine.get(i).compareTo(mine.get(i - 1)) > 0, "each caller sees increasing codes: " + mine);
                }
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(320, new HashSet<>(all).size(), "no code twice");
        assertEquals(322, stored("TC", DAY), "46 blocks of 7 reserved for 320 codes");
    }

    @Test
    void aNewDayStartsAgainAtOne() throws SQLException {
        CaseCodeAllocator allocator = new CaseCodeAllocator(3);
        next(allocator, "TD", DAY);
        next(allocator, "TD", DAY);
        assertEquals("TD-20261124-000001", next(allocator, "TD", DAY.plusDays(1)));
        assertEquals("TD-20261123-000004", next(allocator, "TD", DAY), "the rest of a dropped block is a gap, never reused");
    }

    @Test
    void aBlockIsReservedOutsideTheCallersTransaction() throws SQLException {
        CaseCodeAllocator allocator = new CaseCodeAllocator(4);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                assertThrows(IllegalStateException.class, () -> allocator.next(c, "TE", DAY));
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new CaseCodeAllocator(0));
    }
}
