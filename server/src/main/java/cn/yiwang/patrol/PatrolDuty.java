package cn.yiwang.patrol;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import cn.yiwang.api.ApiException;
import cn.yiwang.calendar.WorkingCalendar;
import cn.yiwang.security.AuditLog;
import cn.yiwang.security.Caller;
import cn.yiwang.security.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

/**
 * Who is on duty when ({@link PatrolDutyRule} over the stored patrols and shifts), for the ingestion
 * path, and the start and stop of patrols. Each worker's patrols (of the retention window) and each
 * district's shift are kept in memory for {@code duty-cache-seconds} and read for many workers in one
 * query, so checking a 10,000-point batch costs a map lookup per point. Start and stop drop the
 * worker's entry at once on this instance. Thread-safe.
 */
@Singleton
public class PatrolDuty {

    /** A worker's duty as the phone page shows it. */
    @Serdeable
    public record State(boolean onPatrol, @Nullable Instant startedAt, boolean inShift, boolean onDuty, String shift,
                        String shiftDays, boolean enforced, @Nullable String deviceId) {
    }

    private record Patrols(List<PatrolDutyRule.Patrol> patrols, long loadedAtMillis) {
    }

    private record ShiftEntry(PatrolDutyRule.Shift shift, long loadedAtMillis) {
    }

    private static final String PATROLS = """
            SELECT user_id, started_at, stopped_at FROM patrol_session
            WHERE user_id = ANY (?) AND (stopped_at IS NULL OR stopped_at > ?) ORDER BY user_id, started_at""";
    private static final String SHIFTS = "SELECT district_code, starts_at, ends_at, days FROM patrol_shift WHERE district_code = ANY (?)";

    private final DataSource dataSource;
    private final WorkingCalendar calendar;
    private final PatrolPrivacyConfiguration config;
    private final AuditLog audit;
    private final PatrolDutyRule.Shift defaultShift;
    private final long cacheMillis;
    private final Map<Long, Patrols> patrols = new ConcurrentHashMap<>();
    private final Map<String, ShiftEntry> shifts = new ConcurrentHashMap<>();
    private final AtomicLong offDutyFixes = new AtomicLong();

    public PatrolDuty(DataSource dataSource, WorkingCalendar calendar, PatrolPrivacyConfiguration config, AuditLog audit) {
        this.dataSource = dataSource;
        this.calendar = calendar;
        this.config = config;
        this.audit = audit;
        try {
            this.defaultShift = PatrolDutyRule.Shift.parse(config.shift(), config.shiftDays());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("yiwang.patrol.shift / shift-days: " + e.getMessage());
        }
        this.cacheMillis = config.dutyCacheSeconds() * 1000L;
    }

    public boolean enforced() {
        return config.dutyEnforced();
    }

    /** Fixes refused as off duty since the start (all ingestion paths). */
    public long offDutyFixes() {
        return offDutyFixes.get();
    }

    void countOffDuty(int n) {
        offDutyFixes.addAndGet(n);
    }

    /**
     * Loads what is not cached for these workers and districts, in one query each, so that
     * {@link #onDuty} answers from memory.
     */
    public void prepare(Collection<PatrolDevices.Device> devices) {
        long now = System.currentTimeMillis();
        Set<Long> users = new TreeSet<>();
        Set<String> districts = new TreeSet<>();
        for (PatrolDevices.Device d : devices) {
            Patrols p = patrols.get(d.userId());
            if (p == null || now - p.loadedAtMillis() >= cacheMillis) {
                users.add(d.userId());
            }
            ShiftEntry s = shifts.get(d.districtCode());
            if (s == null || now - s.loadedAtMillis() >= cacheMillis) {
                districts.add(d.districtCode());
            }
        }
        if (!users.isEmpty()) {
            loadPatrols(users, now);
        }
        if (!districts.isEmpty()) {
            loadShifts(districts, now);
        }
    }

    /** Whether the worker of {@code device} was on duty at {@code t} (after {@link #prepare}). */
    public boolean onDuty(PatrolDevices.Device device, Instant t) {
        Patrols p = patrols.get(device.userId());
        ShiftEntry s = shifts.get(device.districtCode());
        if (p == null || s == null) {
            prepare(List.of(device));
            p = patrols.get(device.userId());
            s = shifts.get(device.districtCode());
        }
        return PatrolDutyRule.onDuty(t, s.shift(), p.patrols(), calendar);
    }

    /** The shift of a district (its row, else the default). */
    public PatrolDutyRule.Shift shiftOf(String districtCode) {
        ShiftEntry s = shifts.get(districtCode);
        if (s == null || System.currentTimeMillis() - s.loadedAtMillis() >= cacheMillis) {
            loadShifts(Set.of(districtCode), System.currentTimeMillis());
            s = shifts.get(districtCode);
        }
        return s.shift();
    }

    /** "开始巡查": opens a patrol for the calling grid worker (the open one when it already runs). */
    public State start(Caller caller, String clientIp) {
        requireWorker(caller);
        Instant now = Instant.now();
        boolean started;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO patrol_session (user_id, started_at) VALUES (?, ?)"
                    + " ON CONFLICT (user_id) WHERE stopped_at IS NULL DO NOTHING")) {
                ps.setLong(1, caller.userId());
                ps.setTimestamp(2, Timestamp.from(now));
                started = ps.executeUpdate() == 1;
            }
            if (started) {
                audit.record(c, caller.username(), caller.role().key(), "patrol.start", caller.username(), clientIp,
                        Map.of("startedAt", now.toString()));
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("starting a patrol failed", e);
        }
        patrols.remove(caller.userId());
        return state(caller);
    }

    /** "结束巡查": stops the calling worker's open patrol; 409 when none runs. */
    public State stop(Caller caller, String clientIp) {
        requireWorker(caller);
        Instant now = Instant.now();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            Instant startedAt = null;
            try (PreparedStatement ps = c.prepareStatement("UPDATE patrol_session SET stopped_at = greatest(started_at, ?)"
                    + " WHERE user_id = ? AND stopped_at IS NULL RETURNING started_at")) {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.setLong(2, caller.userId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        startedAt = rs.getTimestamp(1).toInstant();
                    }
                }
            }
            if (startedAt == null) {
                c.rollback();
                throw new ApiException(HttpStatus.CONFLICT, "/problems/no-patrol", "No patrol is running for '"
                        + caller.username() + "': start one first (POST /api/patrol/start)", List.of());
            }
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("startedAt", startedAt.toString());
            detail.put("stoppedAt", now.toString());
            audit.record(c, caller.username(), caller.role().key(), "patrol.stop", caller.username(), clientIp, detail);
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("stopping a patrol failed", e);
        }
        patrols.remove(caller.userId());
        return state(caller);
    }

    /** The calling worker's duty now. */
    public State state(Caller caller) {
        String district = caller.scope().length() >= 6 ? caller.scope().substring(0, 6) : caller.scope();
        PatrolDevices.Device self = new PatrolDevices.Device("", caller.userId(), caller.username(), caller.username(),
                district, null, caller.scope());
        prepare(List.of(self));
        Instant now = Instant.now();
        PatrolDutyRule.Patrol open = null;
        for (PatrolDutyRule.Patrol p : patrols.get(caller.userId()).patrols()) {
            if (p.stop() == null) {
                open = p;
            }
        }
        PatrolDutyRule.Shift shift = shifts.get(district).shift();
        boolean inShift = shift.covers(now, calendar);
        return new State(open != null, open == null ? null : open.start(), inShift, open != null || inShift,
                shift.start() + "-" + shift.end(), shift.days().key(), config.dutyEnforced(), deviceOf(caller.userId()));
    }

    /** The device the phone page posts its fixes as: the worker's first registered one. */
    private @Nullable String deviceOf(long userId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT min(device_id) FROM patrol_device WHERE user_id = ? AND NOT disabled")) {
            ps.setLong(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the devices of user " + userId + " failed", e);
        }
    }

    private static void requireWorker(Caller caller) {
        if (caller.role() != Role.GRID_WORKER) {
            throw new ApiException(HttpStatus.FORBIDDEN, "/problems/forbidden", "Only grid workers start and stop patrols;"
                    + " your role is " + caller.role().key(), List.of());
        }
    }

    private void loadPatrols(Set<Long> users, long nowMillis) {
        Map<Long, List<PatrolDutyRule.Patrol>> found = new HashMap<>();
        for (Long u : users) {
            found.put(u, new ArrayList<>());
        }
        Instant since = Instant.ofEpochMilli(nowMillis).minus(Duration.ofDays(config.retentionDays()));
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(PATROLS)) {
            ps.setArray(1, c.createArrayOf("bigint", users.toArray()));
            ps.setTimestamp(2, Timestamp.from(since));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp stop = rs.getTimestamp(3);
                    found.get(rs.getLong(1)).add(new PatrolDutyRule.Patrol(rs.getTimestamp(2).toInstant(),
                            stop == null ? null : stop.toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading patrols failed", e);
        }
        found.forEach((u, list) -> patrols.put(u, new Patrols(List.copyOf(list), nowMillis)));
    }

    private void loadShifts(Set<String> districts, long nowMillis) {
        Map<String, PatrolDutyRule.Shift> found = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SHIFTS)) {
            ps.setArray(1, c.createArrayOf("text", districts.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(1), new PatrolDutyRule.Shift(rs.getObject(2, LocalTime.class),
                            rs.getObject(3, LocalTime.class), PatrolDutyRule.Days.parse(rs.getString(4))));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading patrol shifts failed", e);
        }
        for (String d : districts) {
            shifts.put(d, new ShiftEntry(found.getOrDefault(d, defaultShift), nowMillis));
        }
    }

    /** Forgets every cached patrol and shift (after shifts were edited in the database). */
    public void invalidate() {
        patrols.clear();
        shifts.clear();
    }
}
