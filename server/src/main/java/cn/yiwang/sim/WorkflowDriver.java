package cn.yiwang.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import cn.yiwang.cases.DemoDepartmentHandlers;

/**
 * Posts generated cases and moves them through the closed loop as the demo users would, each step
 * after the {@link WorkflowPolicy}'s delay divided by the speed-up. Who acts: the dispatcher of
 * 淮河路街道 for cases in its street office and the ops center for the rest (desk steps), the
 * case's grid worker ({@code gw<level-3 code>}, or {@code worker} for its grid) or the department's
 * demo handler ({@link DemoDepartmentHandlers#username(String)}) for handling, the grid worker for
 * verification. Patrol reports are posted by the grid's worker, other channels by the desk.
 *
 * <p>Each case keeps a clock of simulated time: a backfilled case starts in the past and takes every
 * step that was due before now at once; later steps, and every step of a live case, wait their
 * delay / speed in real time. A "late" handling step waits until the server's deadline has passed.
 * A 409 (the overdue scan or someone else changed the case) reloads the case and plans again.
 * Thread-safe; {@link #close()} stops scheduling and waits briefly for requests in flight.
 */
public final class WorkflowDriver implements AutoCloseable {

    /** The demo dispatcher's street office (DemoUsers: dispatcher, 淮河路街道). */
    static final String DISPATCHER_SCOPE = "410103001";
    private static final int MAX_CONFLICTS = 5;

    private final class Tracked {
        final long id;
        final Channel channel;
        final SplittableRandom random;
        final Set<String> taken = new HashSet<>();
        Instant caseClock;
        Map<String, Object> view;
        int conflicts;

        Tracked(long id, Channel channel, SplittableRandom random, Instant caseClock, Map<String, Object> view) {
            this.id = id;
            this.channel = channel;
            this.random = random;
            this.caseClock = caseClock;
            this.view = view;
        }
    }

    private final SimClient client;
    private final Map<String, ServerCatalog.CategoryInfo> categories;
    private final double speed;
    private final SimulationStats stats;
    private final Clock clock;
    private final ScheduledThreadPoolExecutor executor;
    private final String runId;
    private final AtomicLong sequence = new AtomicLong();
    private volatile boolean stopping;

    /**
     * @param speed  simulated seconds per real second (≥ 1)
     * @param threads concurrent requests at most
     * @param runId  makes the Idempotency-Keys of this run unique
     */
    public WorkflowDriver(SimClient client, Map<String, ServerCatalog.CategoryInfo> categories, double speed, int threads,
                          SimulationStats stats, Clock clock, String runId) {
        if (!(speed >= 1)) {
            throw new IllegalArgumentException("speed must be at least 1, not " + speed);
        }
        this.client = client;
        this.categories = categories;
        this.speed = speed;
        this.stats = stats;
        this.clock = clock;
        this.runId = runId;
        this.executor = new ScheduledThreadPoolExecutor(threads, r -> {
            Thread t = new Thread(r, "sim-driver");
            t.setDaemon(true);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
    }

    /** Tasks due now or running (creations and steps); steps scheduled for later do not count. */
    public long dueNow() {
        long due = executor.getQueue().stream().filter(r -> r instanceof Delayed d && d.getDelay(TimeUnit.MILLISECONDS) <= 0).count();
        return due + executor.getActiveCount();
    }

    /**
     * Posts a draft as the right user and, once created, drives it.
     *
     * @param caseClock the simulated time it is reported at (in the past for a backfill)
     * @param random    this case's own random stream
     */
    public void submit(CaseDraft draft, Instant caseClock, SplittableRandom random, boolean backfill) {
        if (stopping) {
            return;
        }
        executor.execute(() -> create(draft, caseClock, random, backfill));
    }

    /** Posts a draft now, on the caller's thread; returns the created case's view or null (the error is counted). */
    Map<String, Object> create(CaseDraft draft, Instant caseClock, SplittableRandom random, boolean backfill) {
        if (stopping) {
            return null;
        }
        String key = "sim-" + runId + "-" + sequence.incrementAndGet();
        try {
            String user = reporter(draft);
            boolean withPhoto = WorkflowPolicy.photoAtIntake(draft.channel(), random);
            SimClient.Response r;
            try {
                r = client.post("/api/cases", draft.toJson(withPhoto ? photo(user, random) : List.of()), user, "Idempotency-Key", key);
            } catch (SimClient.LoginRefused e) {
                // The first level-3 grid of the demo worker's community is staffed by 'worker', not gw<code>.
                r = client.post("/api/cases", draft.toJson(withPhoto ? photo("worker", random) : List.of()), "worker", "Idempotency-Key", key);
            }
            if (r.status() != 201 && r.status() != 200) {
                stats.error("create " + draft.categoryCode() + " via " + draft.channel().key() + ": " + r.status() + " " + SimClient.clip(r.body()));
                return null;
            }
            Map<String, Object> view = r.map();
            long id = ((Number) view.get("id")).longValue();
            stats.created(id, draft.channel(), String.valueOf(view.get("status")), backfill);
            Tracked t = new Tracked(id, draft.channel(), random, caseClock, view);
            plan(t);
            return view;
        } catch (RuntimeException e) {
            stats.error("create " + draft.categoryCode() + ": " + e.getMessage());
            return null;
        }
    }

    /** Uploads a new site photo as {@code user}; its id in a list (empty, and counted as an error, when refused). */
    private List<String> photo(String user, SplittableRandom random) {
        SimClient.Response r = client.postBytes("/api/photos", SitePhoto.jpeg(random), "image/jpeg", user);
        if ((r.status() == 201 || r.status() == 200) && r.map().get("id") instanceof String id) {
            stats.photo();
            return List.of(id);
        }
        stats.error("photo upload as " + user + ": " + r.status() + " " + SimClient.clip(r.body()));
        return List.of();
    }

    private String reporter(CaseDraft draft) {
        if (draft.channel() == Channel.PATROL) {
            String user = "gw" + draft.place().l3Code();
            return client.refused(user) ? "worker" : user;
        }
        return desk(draft.place().microCode());
    }

    private static String desk(String gridCode) {
        return gridCode != null && gridCode.startsWith(DISPATCHER_SCOPE) ? "dispatcher" : "ops";
    }

    private void plan(Tracked t) {
        Map<String, Object> v = t.view;
        stats.seen(t.id, String.valueOf(v.get("status")), Boolean.TRUE.equals(v.get("overdue")));
        if (stopping) {
            return;
        }
        WorkflowPolicy.Step step = WorkflowPolicy.next(snapshot(t), t.random);
        if (step == null) {
            return;
        }
        Instant now = clock.instant();
        Instant simDue = t.caseClock.plus(step.delay());
        long delayMillis;
        Instant clockAfter;
        if (!simDue.isAfter(now)) {
            delayMillis = 0;
            clockAfter = simDue;
        } else {
            Instant from = t.caseClock.isAfter(now) ? t.caseClock : now;
            delayMillis = Math.round(Duration.between(from, simDue).toMillis() / speed);
            clockAfter = null;
        }
        if (step.afterDeadline() && v.get("deadline") instanceof String d) {
            long untilDeadline = Duration.between(now, Instant.parse(d)).toMillis();
            delayMillis = Math.max(delayMillis, untilDeadline + 60_000 + t.random.nextLong(20 * 60_000));
            clockAfter = null;
        }
        Instant after = clockAfter;
        try {
            executor.schedule(() -> act(t, step, after), delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Shutting down.
        }
    }

    @SuppressWarnings("unchecked")
    private void act(Tracked t, WorkflowPolicy.Step step, Instant clockAfter) {
        if (stopping) {
            return;
        }
        Map<String, Object> v = t.view;
        Map<String, Object> body = new LinkedHashMap<>(step.fields());
        body.put("version", v.get("version"));
        Map<String, Object> assignee = v.get("assignee") instanceof Map<?, ?> a ? (Map<String, Object>) a : null;
        if ("dispatch".equals(step.action()) && "grid_worker".equals(body.get("handlerKind"))) {
            if (assignee == null) {
                stats.error("case " + t.id + ": no grid worker to dispatch to");
                return;
            }
            body.put("assigneeId", assignee.get("id"));
        }
        try {
            String user = actor(t, step.actor(), assignee);
            if (step.photo()) {
                List<String> photo = photo(user, t.random);
                if (!photo.isEmpty()) {
                    body.put("attachments", photo);
                }
            }
            SimClient.Response r = client.post("/api/cases/" + t.id + "/actions/" + step.action(), json(body), user);
            if (r.status() == 200) {
                t.view = r.map();
                t.taken.add(step.action());
                t.conflicts = 0;
                t.caseClock = clockAfter != null ? clockAfter : clock.instant();
                stats.action(step.action());
                plan(t);
            } else if (r.status() == 409 && ++t.conflicts <= MAX_CONFLICTS) {
                SimClient.Response fresh = client.get("/api/cases/" + t.id, desk(gridCode(v)));
                if (fresh.status() == 200) {
                    t.view = fresh.map();
                    plan(t);
                } else {
                    stats.error("reload case " + t.id + ": " + fresh.status());
                }
            } else {
                stats.error(step.action() + " case " + t.id + " as " + user + ": " + r.status() + " " + SimClient.clip(r.body()));
            }
        } catch (RuntimeException e) {
            if (!stopping) {
                stats.error(step.action() + " case " + t.id + ": " + e.getMessage());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private WorkflowPolicy.Snapshot snapshot(Tracked t) {
        Map<String, Object> v = t.view;
        String category = v.get("category") instanceof Map<?, ?> c ? String.valueOf(c.get("code")) : null;
        ServerCatalog.CategoryInfo info = categories.get(category);
        String dept = v.get("department") instanceof Map<?, ?> d ? (String) ((Map<String, Object>) d).get("code") : null;
        Long duplicate = v.get("duplicateOf") instanceof Number n ? n.longValue() : null;
        return new WorkflowPolicy.Snapshot(String.valueOf(v.get("status")), t.channel, String.valueOf(v.get("urgency")),
                (String) v.get("handlerKind"), dept, v.get("assignee") instanceof Map, duplicate,
                info == null ? Duration.ofHours(4) : info.deadline(), info == null ? null : info.districtDepartment(), Set.copyOf(t.taken),
                info != null && info.selfHandle());
    }

    private String actor(Tracked t, WorkflowPolicy.Actor actor, Map<String, Object> assignee) {
        Map<String, Object> v = t.view;
        String assigneeName = assignee == null ? null : (String) assignee.get("username");
        return switch (actor) {
            case DESK -> desk(gridCode(v));
            case HANDLER -> {
                if ("department".equals(v.get("handlerKind")) && v.get("department") instanceof Map<?, ?> d) {
                    yield DemoDepartmentHandlers.username(String.valueOf(d.get("code")));
                }
                yield assigneeName != null ? assigneeName : desk(gridCode(v));
            }
            case VERIFIER -> assigneeName != null ? assigneeName : desk(gridCode(v));
            case REPORTER -> String.valueOf(v.get("createdBy"));
        };
    }

    @SuppressWarnings("unchecked")
    private static String gridCode(Map<String, Object> v) {
        if (v.get("grids") instanceof List<?> grids && !grids.isEmpty() && grids.get(0) instanceof Map<?, ?> g) {
            return (String) ((Map<String, Object>) g).get("code");
        }
        return null;
    }

    private static String json(Map<String, Object> body) {
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, Object> e : body.entrySet()) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append(CaseDraft.quote(e.getKey())).append(':');
            Object val = e.getValue();
            if (val instanceof List<?> list) {
                b.append('[');
                for (int i = 0; i < list.size(); i++) {
                    b.append(i > 0 ? "," : "").append(CaseDraft.quote(String.valueOf(list.get(i))));
                }
                b.append(']');
                continue;
            }
            b.append(val instanceof Number || val instanceof Boolean ? val.toString() : val == null ? "null" : CaseDraft.quote(val.toString()));
        }
        return b.append('}').toString();
    }

    @Override
    public void close() {
        stopping = true;
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
