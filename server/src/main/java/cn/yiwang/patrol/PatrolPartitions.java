package cn.yiwang.patrol;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;

/**
 * The day partitions of {@code patrol_point}: created ahead (today − 1 … today +
 * {@code partitions-ahead-days}, hourly) and on demand before a batch holding a day without one (a
 * late point, a GPX of last year). Creation is idempotent and serialised in the database
 * ({@code patrol_ensure_partition}), so instances sharing it do not collide. Thread-safe.
 */
@Singleton
public class PatrolPartitions {

    private static final Logger LOG = LoggerFactory.getLogger(PatrolPartitions.class);

    private final DataSource dataSource;
    private final ZoneId zone;
    private final int aheadDays;
    private final Set<LocalDate> known = ConcurrentHashMap.newKeySet();

    public PatrolPartitions(DataSource dataSource, PatrolConfiguration config) {
        this.dataSource = dataSource;
        this.zone = ZoneId.of(config.zoneId());
        this.aheadDays = config.partitionsAheadDays();
    }

    /** The partition day of a fix time. */
    public LocalDate dayOf(Instant at) {
        return at.atZone(zone).toLocalDate();
    }

    @Scheduled(fixedDelay = "1h", initialDelay = "1s")
    void createAhead() {
        LocalDate today = LocalDate.now(zone);
        Set<LocalDate> days = new TreeSet<>();
        for (int i = -1; i <= aheadDays; i++) {
            days.add(today.plusDays(i));
        }
        try {
            ensure(days);
        } catch (RuntimeException e) {
            LOG.warn("Creating patrol partitions ahead failed; they will be created on demand", e);
        }
    }

    /** Makes sure every day has its partition (in a transaction of its own, before the data's). */
    public void ensure(Collection<LocalDate> days) {
        Set<LocalDate> todo = new TreeSet<>();
        for (LocalDate d : days) {
            if (!known.contains(d)) {
                todo.add(d);
            }
        }
        if (todo.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT patrol_ensure_partition(?, ?)")) {
            for (LocalDate d : todo) {
                ps.setObject(1, d);
                ps.setString(2, zone.getId());
                ps.execute();
                known.add(d);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("creating patrol_point partitions for " + todo + " failed", e);
        }
    }
}
