package cn.yiwang.patrol;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Problem;
import cn.yiwang.grid.GridService;
import cn.yiwang.grid.GridSummary;
import cn.yiwang.security.AuditLog;
import cn.yiwang.security.Caller;
import cn.yiwang.security.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

/**
 * The duty shift of each district's grid workers (table {@code patrol_shift}): read by desk roles for
 * the districts they work in, set and reset by ops and admins whose scope holds the whole district.
 * Every change is audited with the shift before and after, and {@link PatrolDuty}'s cache is dropped
 * on this instance (other instances read it again within {@code duty-cache-seconds}).
 */
@Singleton
public class PatrolShifts {

    /** One district's shift: {@code source} {@code district} (its own row) or {@code default} (configuration). */
    @Serdeable
    public record ShiftView(String district, String name, String start, String end, String days, String source) {
    }

    private final DataSource dataSource;
    private final GridService grids;
    private final PatrolDuty duty;
    private final PatrolPrivacyConfiguration config;
    private final AuditLog audit;
    private final JsonMapper json;

    public PatrolShifts(DataSource dataSource, GridService grids, PatrolDuty duty, PatrolPrivacyConfiguration config,
                        AuditLog audit, JsonMapper json) {
        this.dataSource = dataSource;
        this.grids = grids;
        this.duty = duty;
        this.config = config;
        this.audit = audit;
        this.json = json;
    }

    /**
     * The districts the caller works in (those inside its scope, or the one holding its scope) with
     * their shifts, by code.
     */
    public List<ShiftView> list(Caller caller) {
        requireDesk(caller);
        List<GridSummary> districts = new ArrayList<>();
        for (GridSummary d : grids.catalog().atLevel("district")) {
            if (caller.covers(d.code()) || caller.scope().startsWith(d.code())) {
                districts.add(d);
            }
        }
        districts.sort((a, b) -> a.code().compareTo(b.code()));
        Map<String, PatrolDutyRule.Shift> rows = rows(districts.stream().map(GridSummary::code).toList());
        List<ShiftView> out = new ArrayList<>();
        for (GridSummary d : districts) {
            out.add(view(d, rows.get(d.code())));
        }
        return out;
    }

    /** Sets a district's shift from {@code {"start": "HH:mm", "end": "HH:mm", "days": "working|every|none"}}. */
    public ShiftView set(Caller caller, String districtCode, @Nullable String body, String clientIp) {
        GridSummary district = editable(caller, districtCode);
        PatrolDutyRule.Shift shift = parse(body);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            PatrolDutyRule.Shift before = rows(c, List.of(district.code())).get(district.code());
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO patrol_shift (district_code, starts_at, ends_at, days) VALUES (?, ?, ?, ?)
                    ON CONFLICT (district_code) DO UPDATE SET starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at,
                                                              days = EXCLUDED.days""")) {
                ps.setString(1, district.code());
                ps.setObject(2, shift.start());
                ps.setObject(3, shift.end());
                ps.setString(4, shift.days().key());
                ps.executeUpdate();
            }
            audit.record(c, caller.username(), caller.role().key(), "patrol.shift_set", district.code(), clientIp,
                    change(before, shift));
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("setting the shift of " + district.code() + " failed", e);
        }
        duty.invalidate();
        return view(district, shift);
    }

    /** Removes a district's own shift, so the configured default applies again (audited when there was one). */
    public ShiftView reset(Caller caller, String districtCode, String clientIp) {
        GridSummary district = editable(caller, districtCode);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            PatrolDutyRule.Shift before = rows(c, List.of(district.code())).get(district.code());
            if (before != null) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM patrol_shift WHERE district_code = ?")) {
                    ps.setString(1, district.code());
                    ps.executeUpdate();
                }
                audit.record(c, caller.username(), caller.role().key(), "patrol.shift_reset", district.code(), clientIp,
                        change(before, null));
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("resetting the shift of " + district.code() + " failed", e);
        }
        duty.invalidate();
        return view(district, null);
    }

    private GridSummary editable(Caller caller, String districtCode) {
        if (!districtCode.matches("[0-9]{6}")) {
            throw ApiException.badParameter("district", "'" + clip(districtCode) + "' is not a six-digit district code");
        }
        requireDesk(caller);
        GridSummary district = grids.catalog().get(districtCode).filter(g -> g.level().equals("district"))
                .orElseThrow(() -> ApiException.notFound("No district " + districtCode));
        if (caller.role() == Role.DISPATCHER || !caller.covers(district.code())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "/problems/forbidden", "Setting the shift of district "
                    + district.code() + " needs the ops or admin role with the whole district in scope; you are "
                    + caller.role().key() + " for " + caller.scope(), List.of());
        }
        return district;
    }

    private static void requireDesk(Caller caller) {
        if (!caller.isDesk()) {
            throw new ApiException(HttpStatus.FORBIDDEN, "/problems/forbidden", "Patrol shifts are for dispatchers, ops and admins;"
                    + " your role is " + caller.role().key(), List.of());
        }
    }

    private PatrolDutyRule.Shift parse(@Nullable String body) {
        Object parsed;
        try {
            parsed = body == null || body.isBlank() ? null : json.readValue(body, Object.class);
        } catch (Exception e) {
            throw invalid("", "the body is not JSON: " + clip(String.valueOf(e.getMessage())));
        }
        if (!(parsed instanceof Map<?, ?> m)) {
            throw invalid("", "send {\"start\": \"08:00\", \"end\": \"18:00\", \"days\": \"working\"}");
        }
        LocalTime start = time(m.get("start"), "/start");
        LocalTime end = time(m.get("end"), "/end");
        Object days = m.get("days") == null ? "working" : m.get("days");
        PatrolDutyRule.Days d;
        try {
            d = PatrolDutyRule.Days.parse(String.valueOf(days));
        } catch (IllegalArgumentException e) {
            throw invalid("/days", e.getMessage());
        }
        if (!start.isBefore(end)) {
            throw invalid("/end", "the shift must end after it starts (" + start + "–" + end + "); shifts over midnight are not supported");
        }
        return new PatrolDutyRule.Shift(start, end, d);
    }

    private static LocalTime time(@Nullable Object value, String pointer) {
        if (!(value instanceof String s) || !s.matches("[0-9]{2}:[0-9]{2}")) {
            throw invalid(pointer, "a local time HH:mm is required, got " + (value == null ? "nothing" : "'" + clip(String.valueOf(value)) + "'"));
        }
        try {
            return LocalTime.parse(s);
        } catch (DateTimeParseException e) {
            throw invalid(pointer, "'" + s + "' is not a time of day");
        }
    }

    private static ApiException invalid(String pointer, String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-body", "Invalid shift: " + detail,
                List.of(new Problem.InvalidParam(null, pointer, detail)));
    }

    private ShiftView view(GridSummary district, @Nullable PatrolDutyRule.Shift own) {
        PatrolDutyRule.Shift s = own != null ? own : PatrolDutyRule.Shift.parse(config.shift(), config.shiftDays());
        return new ShiftView(district.code(), district.name(), s.start().toString(), s.end().toString(), s.days().key(),
                own != null ? "district" : "default");
    }

    private static Map<String, Object> change(@Nullable PatrolDutyRule.Shift before, @Nullable PatrolDutyRule.Shift after) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("before", before == null ? "default" : before.toString());
        detail.put("after", after == null ? "default" : after.toString());
        return detail;
    }

    private Map<String, PatrolDutyRule.Shift> rows(List<String> districts) {
        try (Connection c = dataSource.getConnection()) {
            return rows(c, districts);
        } catch (SQLException e) {
            throw new IllegalStateException("reading patrol shifts failed", e);
        }
    }

    private static Map<String, PatrolDutyRule.Shift> rows(Connection c, List<String> districts) throws SQLException {
        Map<String, PatrolDutyRule.Shift> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT district_code, starts_at, ends_at, days FROM patrol_shift WHERE district_code = ANY (?) FOR SHARE")) {
            ps.setArray(1, c.createArrayOf("text", districts.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new PatrolDutyRule.Shift(rs.getObject(2, LocalTime.class), rs.getObject(3, LocalTime.class),
                            PatrolDutyRule.Days.parse(rs.getString(4))));
                }
            }
        }
        return out;
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
