package cn.yiwang.party;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Problem;
import cn.yiwang.db.Transactions;
import cn.yiwang.grid.GridService;
import cn.yiwang.security.AuditLog;
import cn.yiwang.security.Caller;
import cn.yiwang.security.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

/**
 * Volunteer tasks (抢任务挣积分): a grid worker, dispatcher, the ops center or an admin posts a task on a
 * grid in their scope; any signed-in user whose scope meets the task's grid claims it, first come
 * first served up to its capacity, once; the poster (or the ops center / an admin over the grid)
 * confirms a claim's completion, which credits the task's points. Every change is audited in the
 * same transaction. Bad input → 400 naming the field; a second claim, a full, closed or past task,
 * or a claim confirmed twice → 409; nothing is half-written.
 */
@Singleton
public class VolunteerService {

    static final Set<Role> POSTERS = Set.of(Role.GRID_WORKER, Role.DISPATCHER, Role.OPS, Role.ADMIN);
    static final Pattern MARKUP = Pattern.compile("<\\s*[a-zA-Z!/?]|javascript\\s*:", Pattern.CASE_INSENSITIVE);
    private static final int MAX_LIST = 200;

    @Serdeable
    public record Points(String username, long points, long completed, long open) {
    }

    @Serdeable
    public record TaskWithClaims(VolunteerRepository.Task task, List<VolunteerRepository.Claim> claims) {
    }

    private final DataSource dataSource;
    private final VolunteerRepository repository;
    private final GridService grids;
    private final AuditLog audit;

    public VolunteerService(DataSource dataSource, VolunteerRepository repository, GridService grids, AuditLog audit) {
        this.dataSource = dataSource;
        this.repository = repository;
        this.grids = grids;
        this.audit = audit;
    }

    public VolunteerRepository.Task post(Caller caller, @Nullable Map<String, Object> body, @Nullable String clientIp) {
        if (!POSTERS.contains(caller.role())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "/problems/forbidden", "Role '" + caller.role().key() + "' cannot post volunteer tasks.",
                    List.of());
        }
        Map<String, Object> b = body == null ? Map.of() : body;
        List<Problem.InvalidParam> errors = new ArrayList<>();
        for (String key : b.keySet()) {
            if (!Set.of("gridCode", "title", "place", "startsAt", "endsAt", "points", "hours", "capacity").contains(key)) {
                errors.add(err("/" + key, "unknown field"));
            }
        }
        String grid = text(b, "gridCode", 24, errors);
        String title = text(b, "title", 100, errors);
        String place = text(b, "place", 200, errors);
        Instant starts = instant(b, "startsAt", errors);
        Instant ends = instant(b, "endsAt", errors);
        Integer points = integer(b, "points", 1, 1000, errors);
        Integer capacity = integer(b, "capacity", 1, 1000, errors);
        Double hours = 2.0;
        Object h = b.get("hours");
        if (h != null) {
            if (h instanceof Number n && n.doubleValue() >= 0.5 && n.doubleValue() <= 24) {
                hours = Math.round(n.doubleValue() * 10) / 10.0;
            } else {
                errors.add(err("/hours", "must be a number of hours between 0.5 and 24"));
            }
        }
        if (grid != null && !caller.covers(grid)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "/problems/outside-scope",
                    "Grid " + grid + " lies outside your scope " + caller.scope() + ".", List.of());
        }
        if (grid != null && grids.catalog().get(grid).isEmpty()) {
            errors.add(err("/gridCode", "no current grid " + grid));
        }
        if (starts != null && ends != null && !ends.isAfter(starts)) {
            errors.add(err("/endsAt", "must be after startsAt"));
        }
        if (ends != null && !ends.isAfter(Instant.now())) {
            errors.add(err("/endsAt", "is in the past"));
        }
        if (!errors.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-body",
                    "Invalid task at " + errors.get(0).pointer() + ": " + errors.get(0).detail() + ". Nothing was stored.", errors);
        }
        final double taskHours = hours;
        return Transactions.inTransaction(dataSource, "posting a volunteer task", c -> {
            long id = repository.insert(c, grid, title, place, starts, ends, points, taskHours, capacity, caller.username());
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("title", title);
            detail.put("grid", grid);
            detail.put("points", points);
            detail.put("capacity", capacity);
            audit.record(c, caller.username(), caller.role().key(), "volunteer.task.post", "volunteer_task:" + id, clientIp, detail);
            return repository.find(c, id, caller.username()).orElseThrow();
        });
    }

    public List<VolunteerRepository.Task> list(Caller caller, @Nullable String status, boolean mine) {
        if (status != null && !Set.of("open", "closed", "cancelled").contains(status)) {
            throw ApiException.badParameter("status", "'" + status + "' is not open, closed or cancelled");
        }
        return Transactions.inTransaction(dataSource, "listing volunteer tasks",
                c -> repository.list(c, caller.scope(), caller.username(), status, mine, MAX_LIST));
    }

    /** Claims one place; 409 when already claimed by this user, full, closed or over; 404 outside the caller's reach. */
    public VolunteerRepository.Task claim(Caller caller, long taskId, @Nullable String clientIp) {
        return Transactions.inTransaction(dataSource, "claiming volunteer task " + taskId, c -> {
            VolunteerRepository.Task task = visible(c, caller, taskId);
            if (!repository.insertClaim(c, taskId, caller.username())) {
                throw new ApiException(HttpStatus.CONFLICT, "/problems/already-claimed",
                        "You have already claimed task " + taskId + " (" + task.title() + ").", List.of());
            }
            if (!repository.takePlace(c, taskId)) {
                c.rollback();
                VolunteerRepository.Task now = repository.find(c, taskId, caller.username()).orElseThrow();
                String why = !"open".equals(now.status()) ? "is " + now.status()
                        : !now.endsAt().isAfter(Instant.now()) ? "is over" : "is full (" + now.claimed() + " of " + now.capacity() + " places taken)";
                throw new ApiException(HttpStatus.CONFLICT, "/problems/task-unavailable", "Task " + taskId + " " + why + ".", List.of());
            }
            audit.record(c, caller.username(), caller.role().key(), "volunteer.task.claim", "volunteer_task:" + taskId, clientIp, Map.of());
            return repository.find(c, taskId, caller.username()).orElseThrow();
        });
    }

    /** Confirms a claim's completion: the poster, or the ops center / an admin covering the task's grid. */
    public TaskWithClaims confirm(Caller caller, long taskId, String username, @Nullable String clientIp) {
        return Transactions.inTransaction(dataSource, "confirming a volunteer claim", c -> {
            VolunteerRepository.Task task = visible(c, caller, taskId);
            boolean poster = task.postedBy().equals(caller.username());
            boolean supervisor = (caller.role() == Role.OPS || caller.role() == Role.ADMIN) && caller.covers(task.gridCode());
            if (!poster && !supervisor) {
                throw new ApiException(HttpStatus.FORBIDDEN, "/problems/forbidden",
                        "Only the poster of task " + taskId + " (" + task.postedBy() + ") or the ops center confirms its completion.", List.of());
            }
            if (!repository.confirm(c, taskId, username, caller.username())) {
                throw new ApiException(HttpStatus.CONFLICT, "/problems/no-open-claim",
                        "User '" + username + "' has no unconfirmed claim on task " + taskId + ".", List.of());
            }
            audit.record(c, caller.username(), caller.role().key(), "volunteer.claim.confirm", "volunteer_task:" + taskId, clientIp,
                    Map.of("volunteer", username, "points", task.points()));
            return new TaskWithClaims(repository.find(c, taskId, caller.username()).orElseThrow(), repository.claims(c, taskId));
        });
    }

    public TaskWithClaims one(Caller caller, long taskId) {
        return Transactions.inTransaction(dataSource, "reading volunteer task " + taskId, c -> {
            VolunteerRepository.Task task = visible(c, caller, taskId);
            boolean seesClaims = task.postedBy().equals(caller.username()) || caller.isDesk();
            return new TaskWithClaims(task, seesClaims ? repository.claims(c, taskId) : List.of());
        });
    }

    public Points points(Caller caller) {
        long[] p = Transactions.inTransaction(dataSource, "reading points", c -> repository.points(c, caller.username()));
        return new Points(caller.username(), p[0], p[1], p[2]);
    }

    private VolunteerRepository.Task visible(java.sql.Connection c, Caller caller, long taskId) throws java.sql.SQLException {
        VolunteerRepository.Task task = repository.find(c, taskId, caller.username()).orElse(null);
        if (task == null || !(caller.covers(task.gridCode()) || caller.scope().startsWith(task.gridCode()))) {
            throw ApiException.notFound("No volunteer task " + taskId + " within your reach.");
        }
        return task;
    }

    private static @Nullable String text(Map<String, Object> b, String field, int max, List<Problem.InvalidParam> errors) {
        Object v = b.get(field);
        if (!(v instanceof String s) || s.isBlank()) {
            errors.add(err("/" + field, v == null ? "is required" : "must be a non-empty string"));
            return null;
        }
        String t = s.strip();
        if (t.length() > max) {
            errors.add(err("/" + field, "longer than " + max + " characters"));
            return null;
        }
        if (MARKUP.matcher(t).find()) {
            errors.add(err("/" + field, "must be plain text, not markup or script"));
            return null;
        }
        return t;
    }

    private static @Nullable Instant instant(Map<String, Object> b, String field, List<Problem.InvalidParam> errors) {
        Object v = b.get(field);
        if (!(v instanceof String s)) {
            errors.add(err("/" + field, "is required (ISO-8601 with offset, e.g. 2026-11-28T09:00:00+08:00)"));
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(err("/" + field, "'" + s + "' is not an ISO-8601 time with offset"));
            return null;
        }
    }

    private static @Nullable Integer integer(Map<String, Object> b, String field, int min, int max, List<Problem.InvalidParam> errors) {
        Object v = b.get(field);
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.intValue() >= min && n.intValue() <= max) {
            return n.intValue();
        }
        errors.add(err("/" + field, "must be a whole number from " + min + " to " + max));
        return null;
    }

    private static Problem.InvalidParam err(String pointer, String detail) {
        return new Problem.InvalidParam(null, pointer, detail);
    }
}
