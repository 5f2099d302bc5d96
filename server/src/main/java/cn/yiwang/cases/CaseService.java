package cn.yiwang.cases;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Problem;
import cn.yiwang.component.ComponentRepository;
import cn.yiwang.component.ComponentService;
import cn.yiwang.grid.GridCatalog;
import cn.yiwang.grid.GridSummary;
import cn.yiwang.photo.PhotoService;
import cn.yiwang.db.Transactions;
import cn.yiwang.security.AuditLog;
import cn.yiwang.security.Caller;
import cn.yiwang.security.Role;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;

/**
 * Intake, workflow steps and reads of cases. Every write is one transaction: the row, its events
 * (the row is always the fold of its events, {@link CaseProjector}), the audit entry and, for intake,
 * the idempotency key. Reads are limited to the caller's grid scope; reporter contact is masked.
 */
@Singleton
public class CaseService {

    public static final String SYSTEM = "system";

    /** Result of intake: the case and whether it is the stored answer to a retried request. */
    public record Created(CaseView view, boolean replayed) {
    }

    private final DataSource dataSource;
    private final CaseRepository repository;
    private final CaseRouter router;
    private final CategoryRules categories;
    private final DeadlinePolicy deadlines;
    private final DutyRoster roster;
    private final CasesConfiguration config;
    private final ApplicationEventPublisher<CaseChangedEvent> publisher;
    private final ZoneId zone;
    private final PhotoService photos;
    private final AuditLog audit;
    private final CaseCodeAllocator codes;

    private final ComponentService components;
    private final ComponentRepository componentRepository;

    public CaseService(DataSource dataSource, CaseRepository repository, CaseRouter router, CategoryRules categories,
                       DeadlinePolicy deadlines, DutyRoster roster, CasesConfiguration config,
                       ApplicationEventPublisher<CaseChangedEvent> publisher, PhotoService photos, AuditLog audit,
                       ComponentService components, ComponentRepository componentRepository) {
        this.components = components;
        this.componentRepository = componentRepository;
        this.photos = photos;
        this.audit = audit;
        this.dataSource = dataSource;
        this.repository = repository;
        this.router = router;
        this.categories = categories;
        this.deadlines = deadlines;
        this.roster = roster;
        this.config = config;
        this.publisher = publisher;
        this.zone = ZoneId.of(config.zoneId());
        this.codes = new CaseCodeAllocator(config.codeBlockSize());
    }

    // ---------------------------------------------------------------- intake

    /**
     * Creates a case from a checked request: routes it, suggests the handler, detects duplicates and
     * possible false closures, and (for trusted channels) registers and dispatches it.
     *
     * @param idempotencyKey optional; the same key with the same body returns the first case, with another body 422
     */
    public Created create(CaseRequest req, Caller caller, @Nullable String idempotencyKey, @Nullable String clientIp) {
        CategoryRules.Rule rule = categories.rule(req.category()).orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST,
                "/problems/unknown-category", "Unknown category '" + req.category() + "': use a sub-category code from GET /api/categories.",
                List.of(new Problem.InvalidParam(null, "/category", "unknown sub-category code"))));
        String source = checkSource(req.source(), caller);
        if (rule.locationRequired() && req.lon() == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-body",
                    "Category '" + rule.code() + "' (" + rule.name() + ") needs a location.",
                    List.of(new Problem.InvalidParam(null, "/location", "required for this category")));
        }
        requirePhotos(req.photos(), "/photos");
        CaseRouter.Route route = req.lon() == null ? CaseRouter.Route.NONE : routeOrReject(req);
        if (req.componentId() != null) {
            components.checkNearCase(req.componentId(), req.lon() == null ? null : route.lon(), req.lat() == null ? null : route.lat());
        }
        String requestHash = idempotencyKey == null ? null : hash(req);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String urgency = req.urgency() != null ? req.urgency() : rule.defaultUrgency();
        String actor = caller.username();
        List<Long> affected = new ArrayList<>();
        CaseState state;
        try (Connection c = dataSource.getConnection()) {
            // No look-up of the idempotency key first: the insert below stores it or finds it taken (a
            // retry, rare), and then everything is rolled back and the first request's case returned.
            String code = nextCode(c, route.districtCode(), now);
            c.setAutoCommit(false);
            try {
                EnumMap<CaseColumn, Object> v = new EnumMap<>(CaseColumn.class);
                v.put(CaseColumn.CODE, code);
                v.put(CaseColumn.SOURCE, source);
                v.put(CaseColumn.CATEGORY_CODE, rule.code());
                v.put(CaseColumn.TITLE, req.title());
                v.put(CaseColumn.DESCRIPTION, req.description());
                v.put(CaseColumn.URGENCY, urgency);
                v.put(CaseColumn.STATUS, CaseStatus.REPORTED.key());
                if (req.lon() != null) {
                    v.put(CaseColumn.LON, route.lon());
                    v.put(CaseColumn.LAT, route.lat());
                    v.put(CaseColumn.INPUT_CRS, req.crs().name().toLowerCase(java.util.Locale.ROOT));
                }
                v.put(CaseColumn.ACCURACY_M, req.accuracy());
                v.put(CaseColumn.FLOOR, req.floor());
                v.put(CaseColumn.ADDRESS, req.address());
                v.put(CaseColumn.COMPONENT_ID, req.componentId());
                route.putInto(v, repository);
                v.put(CaseColumn.NEIGHBOUR_CODES, route.likelyNeighbours());
                suggestHandler(rule, route, v);
                v.put(CaseColumn.REPORTER_NAME, req.reporterName());
                v.put(CaseColumn.REPORTER_PHONE, req.reporterPhone());
                v.put(CaseColumn.PHOTOS, req.photos());
                v.put(CaseColumn.CREATED_BY, actor);
                List<String> sankua = new ArrayList<>();
                if (route.nearDistrictBoundary()) {
                    sankua.add(CaseWorkflow.SANKUA_CROSS_DISTRICT);
                }
                if (!sankua.isEmpty()) {
                    v.put(CaseColumn.SANKUA, true);
                    v.put(CaseColumn.SANKUA_REASONS, sankua);
                }
                Nearby nearby = req.lon() == null ? Nearby.NONE : nearby(c, rule.code(), route.lon(), route.lat(), now);
                nearby.duplicate().ifPresent(d -> v.put(CaseColumn.DUPLICATE_OF, d));
                // The case's first events (report, and for trusted channels the automatic steps) are folded in
                // memory, so the row is inserted once at its final version and the events go in one batch.
                CaseState draft = new CaseState(0, 1, now, now, v);
                List<CaseEvent> events = new ArrayList<>();
                events.add(new CaseEvent(0, 1, now, actor, caller.role().key(), CaseEvent.CREATED, null,
                        CaseStatus.REPORTED.key(), null, route.lon(), route.lat(), req.photos(), draft.values(), Map.of()));
                state = draft;
                if (config.autoRegisterSources().contains(source)) {
                    state = autoFlow(state, rule, route, now, events);
                }
                long id = repository.insertIntake(c, state, events,
                        new CaseRepository.AuditEntry(actor, caller.role().key(), "case.create", "case:" + code, clientIp,
                                Map.of("source", source, "category", rule.code())),
                        idempotencyKey == null ? null : new CaseRepository.KeyEntry(actor, idempotencyKey, requestHash));
                if (id < 0) {
                    c.rollback();
                    return replay(caller, idempotencyKey, requestHash).orElseThrow();
                }
                state = new CaseState(id, state.version(), state.createdAt(), state.updatedAt(), state.values());
                affected.addAll(flagPossibleFalseClosures(c, id, nearby.closedCandidates(), now));
                c.commit();
            } catch (SQLException | RuntimeException e) {
                // A lost connection cannot roll back either: keep the first failure (its SQLSTATE
                // makes the answer a 503), not the pool's "Connection is closed" from the rollback.
                try {
                    c.rollback();
                } catch (SQLException rollbackFailed) {
                    e.addSuppressed(rollbackFailed);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("storing the case failed", e);
        }
        publisher.publishEvent(new CaseChangedEvent(state.id(), CaseEvent.CREATED, state));
        affected.forEach(a -> publisher.publishEvent(new CaseChangedEvent(a, "closure_review_flagged")));
        // The committed row is exactly this fold of the events (CaseProjector), so it is not read back.
        return new Created(view(state, caller, false), false);
    }

    /** Every photo id must name an uploaded photo (POST /api/photos first). */
    private void requirePhotos(List<String> ids, String pointer) {
        java.util.Set<String> missing = photos.missing(ids);
        if (!missing.isEmpty()) {
            List<Problem.InvalidParam> errors = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                if (missing.contains(ids.get(i))) {
                    errors.add(new Problem.InvalidParam(null, pointer + "/" + i, "no uploaded photo with this id: upload it with POST /api/photos"));
                }
            }
            throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-body", missing.size() + " photo id(s) unknown.", errors);
        }
    }

    private String checkSource(String source, Caller caller) {
        return switch (caller.role()) {
            case GRID_WORKER -> {
                if (!"patrol".equals(source)) {
                    throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-body",
                            "Grid workers report through channel 'patrol', not '" + source + "'.",
                            List.of(new Problem.InvalidParam(null, "/source", "grid workers report with source 'patrol'")));
                }
                yield source;
            }
            case DISPATCHER, OPS, ADMIN -> source;
            default -> throw new ApiException(HttpStatus.FORBIDDEN, "/problems/forbidden",
                    "Role '" + caller.role().key() + "' cannot report cases.", List.of());
        };
    }

    private CaseRouter.Route routeOrReject(CaseRequest req) {
        CaseRouter.Route route;
        try {
            route = router.route(req.lon(), req.lat(), req.crs(), req.accuracy());
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-body", e.getMessage(),
                    List.of(new Problem.InvalidParam(null, "/location", e.getMessage())));
        }
        if (!route.assigned() && !router.withinServiceArea(route.lon(), route.lat(), config.serviceAreaMeters())) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "/problems/outside-service-area",
                    String.format(java.util.Locale.ROOT, "The location (%.6f, %.6f in WGS84) is more than %.0f m from every grid of this "
                            + "platform: it is outside the territory served here (wrong coordinates, or crs not declared?).",
                            route.lon(), route.lat(), config.serviceAreaMeters()),
                    List.of(new Problem.InvalidParam(null, "/location", "outside the service area")));
        }
        return route;
    }

    /** The suggested responsible person (the grid's on-duty worker) and department, as {@link CaseResponsibility} decides. */
    private void suggestHandler(CategoryRules.Rule rule, CaseRouter.Route route, Map<CaseColumn, Object> v) {
        roster.onDuty(route.chainCodes()).ifPresent(p -> v.put(CaseColumn.ASSIGNEE_ID, p.id()));
        CaseResponsibility.Handler handler = CaseResponsibility.handlerOf(rule);
        v.put(CaseColumn.HANDLER_KIND, handler.kind());
        if (handler.departmentCode() != null) {
            v.put(CaseColumn.DEPARTMENT_CODE, handler.departmentCode());
        }
    }

    /** Accept and register as the system; dispatch too when the route is unambiguous and no duplicate is proposed. */
    private CaseState autoFlow(CaseState state, CategoryRules.Rule rule, CaseRouter.Route route, Instant now, List<CaseEvent> events) {
        Caller system = new Caller(SYSTEM, -1, Role.OPS, "", null);
        state = advance(state, CaseAction.ACCEPT, system, CaseWorkflow.Input.comment("渠道可信，自动受理"), now, events);
        state = advance(state, CaseAction.REGISTER, system, CaseWorkflow.Input.comment("自动立案"), now, events);
        boolean ambiguous = !route.assigned() || route.hasLikelyAlternative() || state.longValue(CaseColumn.DUPLICATE_OF) != null
                || state.flag(CaseColumn.SANKUA);
        String kind = state.text(CaseColumn.HANDLER_KIND);
        Long assignee = state.longValue(CaseColumn.ASSIGNEE_ID);
        String dept = state.text(CaseColumn.DEPARTMENT_CODE);
        boolean target = "grid_worker".equals(kind) ? assignee != null : dept != null;
        if (config.autoDispatch() && !ambiguous && target) {
            state = advance(state, CaseAction.DISPATCH, system, new CaseWorkflow.Input("按权责清单自动派遣", kind,
                    "grid_worker".equals(kind) ? assignee : null, "department".equals(kind) ? dept : null, null, null, null, List.of()),
                    now, events);
        }
        return state;
    }

    // ---------------------------------------------------------------- workflow

    /** One workflow step on behalf of {@code caller}; {@code expectedVersion} guards against stale screens (409). */
    public CaseView act(long id, CaseAction action, CaseWorkflow.Input input, int expectedVersion, Caller caller,
                        @Nullable Double lon, @Nullable Double lat, @Nullable String clientIp) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        record Done(CaseState next, List<Long> touched) {
        }
        Done done = Transactions.inTransaction(dataSource, "updating case " + id, c -> {
            CaseState state = repository.find(c, id, true).orElseThrow(() -> notFound(id));
            requireVisible(state, caller);
            if (state.version() != expectedVersion) {
                throw new ApiException(HttpStatus.CONFLICT, "/problems/stale-version", "Case " + state.text(CaseColumn.CODE)
                        + " is at version " + state.version() + ", not " + expectedVersion + ": someone else changed it. Reload and retry.",
                        List.of(new Problem.InvalidParam(null, "/version", "stale: current version is " + state.version())));
            }
            validateTargets(c, state, action, input);
            requirePhotos(input.attachments(), "/attachments");
            CaseState next = step(c, state, action, caller, input, now, lon, lat);
            insertAudit(c, caller.username(), caller.role().key(), "case." + action.key(), state.text(CaseColumn.CODE), clientIp,
                    Map.of("from", state.status().key(), "to", next.status().key(), "version", next.version()));
            List<Long> touched = new ArrayList<>();
            if (action == CaseAction.CONSULT) {
                touched.addAll(openTasks(c, next, input.tasks(), caller, now));
            }
            Long parent = next.longValue(CaseColumn.PARENT_ID);
            if (parent != null && !next.status().isOpen()) {
                completeConsultation(c, parent, now).ifPresent(touched::add);
            }
            return new Done(next, touched);
        });
        publisher.publishEvent(new CaseChangedEvent(id, action.key(), done.next()));
        done.touched().forEach(t -> publisher.publishEvent(new CaseChangedEvent(t, "consultation")));
        return view(done.next(), caller, false);
    }

    /**
     * One task case per co-handling department or grid, each dispatched at once with its own deadline;
     * codes are the parent's code with {@code -T1}, {@code -T2} ….
     */
    private List<Long> openTasks(Connection c, CaseState parent, List<CaseWorkflow.Task> tasks, Caller caller, Instant now)
            throws SQLException {
        List<Long> ids = new ArrayList<>();
        int n = 0;
        for (CaseWorkflow.Task t : tasks) {
            n++;
            EnumMap<CaseColumn, Object> v = new EnumMap<>(CaseColumn.class);
            for (CaseColumn col : List.of(CaseColumn.SOURCE, CaseColumn.CATEGORY_CODE, CaseColumn.DESCRIPTION, CaseColumn.URGENCY,
                    CaseColumn.LON, CaseColumn.LAT, CaseColumn.INPUT_CRS, CaseColumn.ACCURACY_M, CaseColumn.FLOOR, CaseColumn.ADDRESS,
                    CaseColumn.GRID_CODE, CaseColumn.L3_CODE, CaseColumn.L2_CODE, CaseColumn.L1_CODE, CaseColumn.DISTRICT_CODE,
                    CaseColumn.SPECIAL_CODE, CaseColumn.PHOTOS, CaseColumn.ASSIGNEE_ID)) {
                v.put(col, parent.get(col));
            }
            v.put(CaseColumn.CODE, parent.text(CaseColumn.CODE) + "-T" + n);
            v.put(CaseColumn.TITLE, "【会商任务" + n + "】" + parent.text(CaseColumn.TITLE));
            v.put(CaseColumn.PARENT_ID, parent.id());
            v.put(CaseColumn.CREATED_BY, caller.username());
            v.put(CaseColumn.STATUS, CaseStatus.DISPATCHED.key());
            v.put(CaseColumn.HANDLER_KIND, t.handlerKind());
            if ("department".equals(t.handlerKind())) {
                v.put(CaseColumn.DEPARTMENT_CODE, t.departmentCode());
            } else {
                v.put(CaseColumn.ASSIGNEE_ID, t.assigneeId());
            }
            v.put(CaseColumn.DISPATCHED_AT, now);
            v.put(CaseColumn.DEADLINE_AT, deadlines.due(parent.text(CaseColumn.CATEGORY_CODE), now));
            CaseState draft = new CaseState(0, 1, now, now, v);
            long id = repository.insert(c, draft);
            repository.insertEvent(c, new CaseEvent(id, 1, now, caller.username(), caller.role().key(), CaseEvent.CREATED, null,
                    CaseStatus.DISPATCHED.key(), "会商任务，主案件 " + parent.text(CaseColumn.CODE), null, null, List.of(), draft.values(),
                    Map.of("parentId", parent.id())));
            ids.add(id);
        }
        return ids;
    }

    /** When every task of a consultation is closed, the parent case is handled (then verified and closed as usual). */
    private Optional<Long> completeConsultation(Connection c, long parentId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FILTER (WHERE status NOT IN ('closed', 'evaluated', 'rejected', 'merged')), count(*) FROM case_record WHERE parent_id = ?")) {
            ps.setLong(1, parentId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) > 0 || rs.getLong(2) == 0) {
                    return Optional.empty();
                }
            }
        }
        CaseState parent = repository.find(c, parentId, true).orElseThrow();
        if (parent.status() != CaseStatus.CONSULTING) {
            return Optional.empty();
        }
        systemStep(c, parent, "consultation_done", "会商任务全部办结",
                Map.of(CaseColumn.STATUS, CaseStatus.HANDLED.key(), CaseColumn.HANDLED_AT, now), now);
        return Optional.of(parentId);
    }

    private void validateTargets(Connection c, CaseState state, CaseAction action, CaseWorkflow.Input in) throws SQLException {
        if (action == CaseAction.DISPATCH) {
            if ("department".equals(in.handlerKind()) && in.departmentCode() != null && !categories.departmentExists(in.departmentCode())) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-body", "Unknown department '" + in.departmentCode() + "'.",
                        List.of(new Problem.InvalidParam(null, "/departmentCode", "unknown department code")));
            }
            if ("grid_worker".equals(in.handlerKind()) && in.assigneeId() != null
                    && roster.person(in.assigneeId()).filter(p -> Role.GRID_WORKER_KEY.equals(p.role())).isEmpty()) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-body", "User " + in.assigneeId() + " is not an active grid worker.",
                        List.of(new Problem.InvalidParam(null, "/assigneeId", "not an active grid worker")));
            }
        }
        for (int i = 0; i < in.tasks().size(); i++) {
            CaseWorkflow.Task t = in.tasks().get(i);
            boolean ok = "department".equals(t.handlerKind()) ? t.departmentCode() != null && categories.departmentExists(t.departmentCode())
                    : "grid_worker".equals(t.handlerKind()) && t.assigneeId() != null
                    && roster.person(t.assigneeId()).filter(p -> Role.GRID_WORKER_KEY.equals(p.role())).isPresent();
            if (!ok) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-body", "Task " + (i + 1)
                        + " needs handlerKind 'department' with a known departmentCode, or 'grid_worker' with an active grid worker's assigneeId.",
                        List.of(new Problem.InvalidParam(null, "/tasks/" + i, "unknown department or grid worker")));
            }
        }
        if (action == CaseAction.MERGE && in.mergeInto() != null) {
            CaseState target = repository.find(c, in.mergeInto(), false).orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST,
                    "/problems/invalid-body", "Case " + in.mergeInto() + " to merge into does not exist.",
                    List.of(new Problem.InvalidParam(null, "/mergeInto", "no such case"))));
            if (!target.status().isOpen() || target.longValue(CaseColumn.MERGED_INTO) != null) {
                throw new ApiException(HttpStatus.CONFLICT, "/problems/illegal-transition", "Case " + target.text(CaseColumn.CODE)
                        + " is '" + target.status().key() + "': merge only into an open case.", List.of());
            }
        }
    }

    /** Checks, applies and stores one step (row + event) inside the caller's transaction. */
    private CaseState step(Connection c, CaseState state, CaseAction action, Caller caller, CaseWorkflow.Input input, Instant now,
                           @Nullable Double lon, @Nullable Double lat) throws SQLException {
        return store(c, state, stepEvent(state, action, caller, input, now, lon, lat));
    }

    /** Checks and applies one step in memory only, appending its event (for a case not yet stored). */
    private CaseState advance(CaseState state, CaseAction action, Caller caller, CaseWorkflow.Input input, Instant now, List<CaseEvent> events) {
        CaseEvent event = stepEvent(state, action, caller, input, now, null, null);
        events.add(event);
        return CaseProjector.apply(state, event);
    }

    /** The event of one step, checked by {@link CaseWorkflow}. */
    private CaseEvent stepEvent(CaseState state, CaseAction action, Caller caller, CaseWorkflow.Input input, Instant now,
                                @Nullable Double lon, @Nullable Double lat) {
        boolean selfHandle = categories.rule(state.text(CaseColumn.CATEGORY_CODE)).map(CategoryRules.Rule::selfHandle).orElse(false);
        Map<CaseColumn, Object> changes;
        try {
            changes = new EnumMap<>(CaseWorkflow.changes(state, action, caller, input, now, deadlines, selfHandle));
        } catch (CaseRuleException e) {
            throw toApi(e);
        }
        if (action == CaseAction.MOVE_GRID) {
            changes.putAll(moveTo(input.gridCode()));
        }
        Map<String, Object> params = new LinkedHashMap<>();
        if (input.extensionHours() != null) {
            params.put("extensionHours", input.extensionHours());
        }
        return event(state, action.key(), caller.username(), caller.role().key(), input.comment(), lon, lat, input.attachments(),
                changes, params, now);
    }

    /** The routing fields of a case moved to micro grid {@code code} by a dispatcher. */
    private Map<CaseColumn, Object> moveTo(String code) {
        GridCatalog catalog = router.catalog();
        GridSummary g = catalog.get(code).filter(x -> "micro".equals(x.level())).orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST,
                "/problems/invalid-body", "'" + code + "' is not a current micro grid.",
                List.of(new Problem.InvalidParam(null, "/gridCode", "not a current micro grid code"))));
        CaseRouter.Route route = new CaseRouter.Route(null, null, true, g.code(), catalog.chain(g.code()), null, null, List.of(), false);
        EnumMap<CaseColumn, Object> set = new EnumMap<>(CaseColumn.class);
        route.putInto(set, repository);
        set.remove(CaseColumn.SPECIAL_CODE);
        set.put(CaseColumn.NEIGHBOUR_CODES, List.of());
        set.put(CaseColumn.ASSIGNEE_ID, roster.onDuty(route.chainCodes()).map(DutyRoster.Person::id).orElse(null));
        return set;
    }

    private static CaseEvent event(CaseState state, String type, String actor, @Nullable String role, @Nullable String comment,
                                   @Nullable Double lon, @Nullable Double lat, List<String> attachments, Map<CaseColumn, Object> changes,
                                   Map<String, Object> params, Instant at) {
        return new CaseEvent(state.id(), state.version() + 1, at, actor, role, type, state.status().key(),
                changes.containsKey(CaseColumn.STATUS) ? changes.get(CaseColumn.STATUS).toString() : state.status().key(),
                comment, lon, lat, attachments, changes, params);
    }

    private CaseState write(Connection c, CaseState state, String type, String actor, @Nullable String role, @Nullable String comment,
                            @Nullable Double lon, @Nullable Double lat, List<String> attachments, Map<CaseColumn, Object> changes,
                            Map<String, Object> params, Instant at) throws SQLException {
        return store(c, state, event(state, type, actor, role, comment, lon, lat, attachments, changes, params, at));
    }

    /** Writes a step of a stored case: the row if still at the version the step started from, and the event. */
    private CaseState store(Connection c, CaseState state, CaseEvent event) throws SQLException {
        CaseState next = CaseProjector.apply(state, event);
        if (!repository.update(c, next, event.changes())) {
            throw new ApiException(HttpStatus.CONFLICT, "/problems/stale-version",
                    "Case " + state.text(CaseColumn.CODE) + " was changed concurrently. Reload and retry.", List.of());
        }
        repository.insertEvent(c, event);
        return next;
    }

    /** A system step (overdue, supervision, re-routing) that is not a user action. */
    CaseState systemStep(Connection c, CaseState state, String type, String comment, Map<CaseColumn, Object> changes, Instant at)
            throws SQLException {
        CaseState next = write(c, state, type, SYSTEM, null, comment, null, null, List.of(), changes, Map.of(), at);
        insertAudit(c, SYSTEM, null, "case." + type, state.text(CaseColumn.CODE), null, Map.of("version", next.version()));
        return next;
    }

    static ApiException toApi(CaseRuleException e) {
        return switch (e.kind()) {
            case ILLEGAL_TRANSITION -> new ApiException(HttpStatus.CONFLICT, "/problems/illegal-transition", e.getMessage(), List.of());
            case FORBIDDEN -> new ApiException(HttpStatus.FORBIDDEN, "/problems/forbidden", e.getMessage(), List.of());
            case INVALID_INPUT -> new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-body", e.getMessage(),
                    List.of(new Problem.InvalidParam(null, "/" + e.field(), e.getMessage())));
        };
    }

    // ---------------------------------------------------------------- reads

    public CaseView get(long id, Caller caller) {
        CaseState s = load(id);
        requireVisible(s, caller);
        return view(s, caller, false);
    }

    public CaseState load(long id) {
        try (Connection c = dataSource.getConnection()) {
            return repository.find(c, id, false).orElseThrow(() -> notFound(id));
        } catch (SQLException e) {
            throw new IllegalStateException("reading case " + id + " failed", e);
        }
    }

    /** The numeric id of a case given by id or by code. */
    public long resolve(String idOrCode) {
        if (idOrCode.matches("^[0-9]{1,18}$")) {
            return Long.parseLong(idOrCode);
        }
        if (!idOrCode.matches("^[A-Z]{1,8}-[0-9]{8}-[0-9]{6,9}(-T[0-9]{1,2})?$")) {
            throw ApiException.badParameter("id", "neither a case id (digits) nor a case code like EQ-20261122-000123");
        }
        try (Connection c = dataSource.getConnection()) {
            return repository.idOfCode(c, idOrCode).orElseThrow(() -> ApiException.notFound("No case with code '" + idOrCode + "'."));
        } catch (SQLException e) {
            throw new IllegalStateException("reading case failed", e);
        }
    }

    public List<CaseEvent> events(long id, Caller caller) {
        CaseState s = load(id);
        requireVisible(s, caller);
        try (Connection c = dataSource.getConnection()) {
            return repository.events(c, id);
        } catch (SQLException e) {
            throw new IllegalStateException("reading case events failed", e);
        }
    }

    /** The unmasked reporter contact, for desk roles only; every read is audited. */
    public CaseView.Reporter reporter(long id, Caller caller, @Nullable String clientIp) {
        if (!caller.isDesk()) {
            throw new ApiException(HttpStatus.FORBIDDEN, "/problems/forbidden",
                    "Only dispatchers and the ops center may see a reporter's contact unmasked.", List.of());
        }
        CaseState s = load(id);
        requireVisible(s, caller);
        try (Connection c = dataSource.getConnection()) {
            insertAudit(c, caller.username(), caller.role().key(), "case.reporter.view", s.text(CaseColumn.CODE), clientIp, Map.of());
        } catch (SQLException e) {
            throw new IllegalStateException("auditing failed", e);
        }
        return new CaseView.Reporter(s.text(CaseColumn.REPORTER_NAME), s.text(CaseColumn.REPORTER_PHONE), false);
    }

    /** Whether the caller may see the case: within their grid scope (department users: their department's cases). */
    public static boolean visible(CaseState s, Caller caller) {
        String grid = s.text(CaseColumn.GRID_CODE);
        if (caller.role() == Role.DEPARTMENT) {
            return caller.departmentCode() != null && caller.departmentCode().equals(s.text(CaseColumn.DEPARTMENT_CODE))
                    && (grid == null || caller.covers(grid));
        }
        if (grid == null) {
            // The unassigned queue belongs to the ops center.
            return caller.role() == Role.OPS || caller.role() == Role.ADMIN || caller.username().equals(s.text(CaseColumn.CREATED_BY));
        }
        return caller.covers(grid) || caller.username().equals(s.text(CaseColumn.CREATED_BY))
                || s.list(CaseColumn.NEIGHBOUR_CODES).stream().anyMatch(caller::covers);
    }

    private static void requireVisible(CaseState s, Caller caller) {
        if (!visible(s, caller)) {
            // Not 403: whether a case exists outside one's scope is itself not to be disclosed.
            throw notFound(s.id());
        }
    }

    private static ApiException notFound(long id) {
        return ApiException.notFound("No case " + id + " within your scope.");
    }

    public CaseView view(CaseState s, Caller caller, boolean unmasked) {
        GridCatalog catalog = router.catalog();
        String grid = s.text(CaseColumn.GRID_CODE);
        List<GridSummary> chain = grid == null ? List.of() : catalog.chain(grid);
        GridSummary special = s.text(CaseColumn.SPECIAL_CODE) == null ? null : catalog.get(s.text(CaseColumn.SPECIAL_CODE)).orElse(null);
        Optional<CategoryRules.Rule> rule = categories.rule(s.text(CaseColumn.CATEGORY_CODE));
        String dept = s.text(CaseColumn.DEPARTMENT_CODE);
        CaseView.Location location = s.decimal(CaseColumn.LON) == null ? null
                : new CaseView.Location(s.decimal(CaseColumn.LON), s.decimal(CaseColumn.LAT), "wgs84", s.text(CaseColumn.INPUT_CRS),
                s.decimal(CaseColumn.ACCURACY_M), (Integer) s.get(CaseColumn.FLOOR), s.text(CaseColumn.ADDRESS));
        String name = s.text(CaseColumn.REPORTER_NAME);
        String phone = s.text(CaseColumn.REPORTER_PHONE);
        CaseView.Reporter reporter = name == null && phone == null ? null
                : unmasked ? new CaseView.Reporter(name, phone, false)
                : new CaseView.Reporter(ContactMask.name(name), ContactMask.phone(phone), true);
        boolean selfHandle = rule.map(CategoryRules.Rule::selfHandle).orElse(false);
        List<Object> alternatives = parseAlternatives(s.text(CaseColumn.ROUTE_ALTERNATIVES));
        return new CaseView(s.id(), s.text(CaseColumn.CODE), s.text(CaseColumn.SOURCE),
                new CaseView.Category(s.text(CaseColumn.CATEGORY_CODE), rule.map(CategoryRules.Rule::name).orElse(null),
                        rule.map(CategoryRules.Rule::topCode).orElse(null), rule.map(CategoryRules.Rule::topName).orElse(null)),
                s.text(CaseColumn.TITLE), s.text(CaseColumn.DESCRIPTION), s.text(CaseColumn.URGENCY), s.status().key(),
                s.status().nameZh(), location, chain, special, grid != null, s.decimal(CaseColumn.SNAPPED_M), alternatives,
                roster.person(s.longValue(CaseColumn.ASSIGNEE_ID)).orElse(null),
                dept == null ? null : new CaseView.Department(dept, categories.departmentName(dept).orElse(null)),
                s.text(CaseColumn.HANDLER_KIND), reporter, s.list(CaseColumn.PHOTOS), s.instant(CaseColumn.DISPATCHED_AT),
                s.instant(CaseColumn.DEADLINE_AT), s.instant(CaseColumn.PAUSED_SINCE) != null, s.instant(CaseColumn.HANDLED_AT),
                s.instant(CaseColumn.CLOSED_AT), s.instant(CaseColumn.EVALUATED_AT), (Integer) s.get(CaseColumn.SATISFACTION),
                s.flag(CaseColumn.OVERDUE), s.integer(CaseColumn.SUPERVISION_LEVEL), s.integer(CaseColumn.REWORK_COUNT),
                s.integer(CaseColumn.RETURN_COUNT), s.integer(CaseColumn.REOPEN_COUNT), s.integer(CaseColumn.DEFERRED_COUNT),
                s.flag(CaseColumn.SANKUA), s.list(CaseColumn.SANKUA_REASONS), s.longValue(CaseColumn.DUPLICATE_OF),
                s.longValue(CaseColumn.MERGED_INTO), s.flag(CaseColumn.CLOSURE_REVIEW), s.longValue(CaseColumn.PARENT_ID),
                s.text(CaseColumn.CREATED_BY), s.createdAt(), s.updatedAt(), s.version(),
                caller == null ? List.of() : CaseWorkflow.available(s, caller, selfHandle).stream().map(CaseAction::key).toList(),
                componentRef(s.longValue(CaseColumn.COMPONENT_ID)));
    }

    private @Nullable CaseView.ComponentRef componentRef(@Nullable Long id) {
        if (id == null) {
            return null;
        }
        return componentRepository.find(id).map(c -> new CaseView.ComponentRef(c.id(), c.code(), c.kind(), c.kindName(), c.name(),
                c.status(), c.statusName(), c.lon(), c.lat())).orElse(null);
    }

    private List<Object> parseAlternatives(@Nullable String jsonText) {
        if (jsonText == null) {
            return List.of();
        }
        Object parsed = repository.readJson("{\"a\":" + jsonText + "}").get("a");
        return parsed instanceof List<?> l ? new ArrayList<>(l) : List.of();
    }

    // ---------------------------------------------------------------- helpers

    /** The next case code of the district and day ({@link CaseCodeAllocator}: reserved in blocks, gaps possible). */
    private String nextCode(Connection c, @Nullable String districtCode, Instant now) throws SQLException {
        return codes.next(c, config.prefixFor(districtCode), now.atZone(zone).toLocalDate());
    }

    /**
     * What intake must know about the cases near a new one, in one statement: the open case it may
     * duplicate (same sub-category within {@code duplicateMeters} and {@code duplicateHours}, nearest
     * first) and the closed ones it puts in doubt (same sub-category within {@code duplicateMeters},
     * closed within {@code falseClosureDays}, not yet under review).
     */
    record Nearby(Optional<Long> duplicate, List<Long> closedCandidates) {
        static final Nearby NONE = new Nearby(Optional.empty(), List.of());
    }

    private Nearby nearby(Connection c, String category, double lon, double lat, Instant now) throws SQLException {
        // The box of the GiST index first, materialised: left to itself the planner ANDs it with the
        // (category, created_at) index, which reads every case of the category in the window (0.4 ms
        // instead of 0.13 ms with 1,400 of them), or walks the (status, created_at) index over every
        // closed case there ever was. The exact geodesic test then runs on a few rows only.
        try (PreparedStatement ps = c.prepareStatement("""
                WITH near AS MATERIALIZED (
                    SELECT id, geom, category_code, created_at, closed_at, closure_review, merged_into, status FROM case_record
                    WHERE geom && ST_Expand(ST_SetSRID(ST_MakePoint(?, ?), 4326), ?)),
                same AS (
                    SELECT id, created_at, closed_at, closure_review, merged_into, status,
                           ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint(?, ?), 4326)::geography) AS meters
                    FROM near
                    WHERE category_code = ? AND ST_DWithin(geom::geography, ST_SetSRID(ST_MakePoint(?, ?), 4326)::geography, ?))
                (SELECT 'duplicate', id FROM same
                 WHERE created_at > ? AND merged_into IS NULL AND status NOT IN ('rejected', 'merged', 'closed', 'evaluated')
                 ORDER BY meters, id LIMIT 1)
                UNION ALL
                (SELECT 'closed', id FROM same
                 WHERE closed_at > ? AND NOT closure_review AND status IN ('closed', 'evaluated')
                 ORDER BY id)""")) {
            bindBox(ps, 1, lon, lat, config.duplicateMeters());
            ps.setDouble(4, lon);
            ps.setDouble(5, lat);
            ps.setString(6, category);
            ps.setDouble(7, lon);
            ps.setDouble(8, lat);
            ps.setDouble(9, config.duplicateMeters());
            ps.setTimestamp(10, Timestamp.from(now.minus(config.duplicateHours(), ChronoUnit.HOURS)));
            ps.setTimestamp(11, Timestamp.from(now.minus(config.falseClosureDays(), ChronoUnit.DAYS)));
            Optional<Long> duplicate = Optional.empty();
            List<Long> closed = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if ("duplicate".equals(rs.getString(1))) {
                        duplicate = Optional.of(rs.getLong(2));
                    } else {
                        closed.add(rs.getLong(2));
                    }
                }
            }
            return new Nearby(duplicate, closed);
        }
    }

    /**
     * Flags for review the closures {@link #nearby} found in doubt by new case {@code newCase}. They
     * are locked one by one and checked again, since someone may have changed them since the search.
     */
    private List<Long> flagPossibleFalseClosures(Connection c, long newCase, List<Long> ids, Instant now) throws SQLException {
        List<Long> flagged = new ArrayList<>();
        for (long id : ids) {
            CaseState closed = repository.find(c, id, true).orElseThrow();
            if (closed.flag(CaseColumn.CLOSURE_REVIEW)
                    || (closed.status() != CaseStatus.CLOSED && closed.status() != CaseStatus.EVALUATED)) {
                continue; // changed by someone else since the search
            }
            systemStep(c, closed, "closure_review_flagged", "同类问题在结案后30天内于50米内再次出现，疑似虚假结案，请复核（新案件 " + newCase + "）",
                    Map.of(CaseColumn.CLOSURE_REVIEW, true), now);
            flagged.add(id);
        }
        return flagged;
    }

    /** Binds lon, lat and a box half-width in degrees that covers {@code meters} in any direction at these latitudes (cos 40° > 0.75). */
    private static void bindBox(PreparedStatement ps, int i, double lon, double lat, double meters) throws SQLException {
        ps.setDouble(i, lon);
        ps.setDouble(i + 1, lat);
        ps.setDouble(i + 2, meters / 90_000.0 * 1.5);
    }

    private Optional<Created> replay(Caller caller, String key, String requestHash) {
        Optional<Long> id;
        try (Connection c = dataSource.getConnection()) {
            id = storedKey(c, caller, key, requestHash);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the idempotency key failed", e);
        }
        return id.map(i -> new Created(view(load(i), caller, false), true));
    }

    /** The case an earlier request with this key created; 422 when that request had another body. */
    private static Optional<Long> storedKey(Connection c, Caller caller, String key, String requestHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT request_hash, case_id FROM idempotency_key WHERE actor = ? AND key = ?")) {
            ps.setString(1, caller.username());
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                if (!rs.getString(1).equals(requestHash)) {
                    throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "/problems/idempotency-key-reused",
                            "Idempotency-Key '" + key + "' was already used for a different request body: use a new key for a new case.",
                            List.of(new Problem.InvalidParam("Idempotency-Key", null, "reused with a different body")));
                }
                return Optional.of(rs.getLong(2));
            }
        }
    }

    private static String hash(CaseRequest req) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(req.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An audit entry about case {@code code} in the caller's transaction. */
    void insertAudit(Connection c, String actor, @Nullable String role, String action, @Nullable String code,
                     @Nullable String clientIp, Map<String, ?> detail) throws SQLException {
        audit.record(c, actor, role, action, code == null ? null : "case:" + code, clientIp, detail);
    }
}
