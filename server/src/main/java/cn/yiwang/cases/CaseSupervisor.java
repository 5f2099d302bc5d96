package cn.yiwang.cases;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.yiwang.db.Transactions;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;

/**
 * Supervision (督办): finds cases whose deadline has passed while the clock runs, flags them overdue
 * and raises supervision to level 1; cases still open {@code secondSupervisionHours} after their
 * deadline go to level 2 (the district ops center). Each step is a case event by {@code system}
 * and a live event. Safe to run on several instances at once: rows are claimed with SKIP LOCKED.
 */
@Singleton
public class CaseSupervisor {

    private static final Logger LOG = LoggerFactory.getLogger(CaseSupervisor.class);
    static final String CLOCK_STATES = "('dispatched', 'in_progress', 'extension_requested', 'returned', 'escalated', 'verification_failed')";

    private final DataSource dataSource;
    private final CaseRepository repository;
    private final CaseService service;
    private final CasesConfiguration config;
    private final ApplicationEventPublisher<CaseChangedEvent> publisher;

    public CaseSupervisor(DataSource dataSource, CaseRepository repository, CaseService service, CasesConfiguration config,
                          ApplicationEventPublisher<CaseChangedEvent> publisher) {
        this.dataSource = dataSource;
        this.repository = repository;
        this.service = service;
        this.config = config;
        this.publisher = publisher;
    }

    @Scheduled(fixedDelay = "${yiwang.cases.overdue-scan-seconds:60}s", initialDelay = "10s")
    void scheduled() {
        try {
            scan(Instant.now());
        } catch (RuntimeException e) {
            LOG.warn("Overdue scan failed: {}", e.getMessage());
        }
    }

    /** Flags what is overdue at {@code now}; returns the ids of the cases changed. */
    public List<Long> scan(Instant now) {
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        List<Long> changed = new ArrayList<>();
        Transactions.inTransaction(dataSource, "overdue scan", c -> {
            changed.addAll(flag(c, at, "SELECT id FROM case_record WHERE deadline_at < ? AND NOT overdue AND paused_since IS NULL AND status IN "
                    + CLOCK_STATES + " ORDER BY deadline_at LIMIT 500 FOR UPDATE SKIP LOCKED", at, 1));
            changed.addAll(flag(c, at, "SELECT id FROM case_record WHERE deadline_at < ? AND overdue AND supervision_level = 1 AND paused_since IS NULL AND status IN "
                    + CLOCK_STATES + " ORDER BY deadline_at LIMIT 500 FOR UPDATE SKIP LOCKED",
                    at.minus(config.secondSupervisionHours(), ChronoUnit.HOURS), 2));
            return null;
        });
        changed.forEach(id -> publisher.publishEvent(new CaseChangedEvent(id, "overdue")));
        if (!changed.isEmpty()) {
            LOG.info("Supervision: {} case(s) overdue or escalated", changed.size());
        }
        return changed;
    }

    private List<Long> flag(Connection c, Instant at, String sql, Instant cutoff, int level) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(cutoff));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        for (long id : ids) {
            CaseState s = repository.find(c, id, false).orElseThrow();
            String comment = level == 1 ? "已超过处置时限，系统自动督办" : "超时未办结，升级至区城运中心督办";
            service.systemStep(c, s, level == 1 ? "overdue" : "supervised", comment,
                    Map.of(CaseColumn.OVERDUE, true, CaseColumn.SUPERVISION_LEVEL, level), at);
        }
        return ids;
    }
}
