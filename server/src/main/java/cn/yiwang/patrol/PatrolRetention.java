package cn.yiwang.patrol;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.yiwang.security.AuditLog;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;

/**
 * Retention of raw patrol points: once a day the day partitions of {@code patrol_point} older than
 * {@code retention-days} (their day before today − retention-days, in the partitions' zone) are
 * dropped whole — no row-by-row DELETE, no vacuum debt. Only {@code patrol_point_YYYYMMDD} partitions
 * of {@code patrol_point} are touched; the per-day analysis results ({@code patrol_day}) stay, except
 * their simplified track, which is a trace of the worker's movements like the raw fixes and is
 * cleared for the same days (the figures, stops, grids and buildings passed remain).
 * Dropping takes the lock partition creation takes, so it never races a late point creating its day.
 * Each dropped partition is logged and audited (actor {@code system}). Thread-safe.
 */
@Singleton
public class PatrolRetention {

    private static final Logger LOG = LoggerFactory.getLogger(PatrolRetention.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final String PARTITIONS = """
            SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'patrol_point'::regclass ORDER BY c.relname""";

    private final DataSource dataSource;
    private final AuditLog audit;
    private final ZoneId zone;
    private final int retentionDays;

    public PatrolRetention(DataSource dataSource, AuditLog audit, PatrolConfiguration config, PatrolPrivacyConfiguration privacy) {
        this.dataSource = dataSource;
        this.audit = audit;
        this.zone = ZoneId.of(config.zoneId());
        this.retentionDays = privacy.retentionDays();
    }

    @Scheduled(fixedDelay = "24h", initialDelay = "5m")
    void daily() {
        try {
            dropBefore(LocalDate.now(zone).minusDays(retentionDays));
        } catch (RuntimeException e) {
            LOG.warn("Dropping old patrol partitions failed; retried tomorrow", e);
        }
    }

    /** The oldest day kept today. */
    public LocalDate oldestKeptDay() {
        return LocalDate.now(zone).minusDays(retentionDays);
    }

    /**
     * Drops every day partition whose day lies before {@code oldestKept}.
     *
     * @return the names of the dropped partitions
     */
    public List<String> dropBefore(LocalDate oldestKept) {
        List<String> dropped = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SELECT pg_advisory_xact_lock(hashtext('patrol_point_partitions'))");
            }
            List<String> names = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(PARTITIONS); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            for (String name : names) {
                LocalDate day = dayOf(name);
                if (day != null && day.isBefore(oldestKept)) {
                    try (Statement st = c.createStatement()) {
                        // The name matched patrol_point_YYYYMMDD, so it needs no quoting beyond this.
                        st.execute("DROP TABLE \"" + name + "\"");
                    }
                    audit.record(c, "system", null, "patrol.retention_drop", name, null,
                            Map.of("day", day.toString(), "retentionDays", retentionDays));
                    dropped.add(name);
                }
            }
            int tracks;
            try (PreparedStatement ps = c.prepareStatement("UPDATE patrol_day SET track = NULL WHERE day < ? AND track IS NOT NULL")) {
                ps.setObject(1, oldestKept);
                tracks = ps.executeUpdate();
            }
            if (tracks > 0) {
                audit.record(c, "system", null, "patrol.retention_tracks", "patrol_day", null,
                        Map.of("before", oldestKept.toString(), "tracksCleared", tracks, "retentionDays", retentionDays));
                LOG.info("Patrol retention ({} days): cleared the simplified track of {} worker-days before {}", retentionDays,
                        tracks, oldestKept);
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("dropping patrol partitions before " + oldestKept + " failed", e);
        }
        if (!dropped.isEmpty()) {
            LOG.info("Patrol retention ({} days): dropped {} raw day partitions before {}: {}", retentionDays, dropped.size(),
                    oldestKept, dropped);
        }
        return dropped;
    }

    /** The day of a partition name {@code patrol_point_YYYYMMDD}, null for any other name. */
    static LocalDate dayOf(String name) {
        if (!name.matches("^patrol_point_[0-9]{8}$")) {
            return null;
        }
        try {
            return LocalDate.parse(name.substring("patrol_point_".length()), DAY);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
