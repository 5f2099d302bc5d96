package cn.yiwang.planner;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import javax.sql.DataSource;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Problem;
import cn.yiwang.db.Transactions;
import cn.yiwang.grid.GridService;
import cn.yiwang.grid.MicroGridRelinker;
import cn.yiwang.layers.LayerChangedEvent;
import cn.yiwang.layers.LayerRegistry;
import cn.yiwang.planner.GridDraftRepository.Draft;
import cn.yiwang.planner.GridDraftRepository.GridRow;
import cn.yiwang.planner.GridDraftRepository.Located;
import cn.yiwang.security.AuditLog;
import cn.yiwang.security.Caller;
import cn.yiwang.security.Role;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

/**
 * Drafts of grid boundaries, from opening to commit. Planners (and admins) work within their grid
 * scope; a draft is its owner's (admins may act on any in their scope). Every save and edit
 * validates the whole child set and returns the problems; the commit validates again, checks the
 * base versions (409 on a concurrent commit), writes the new versions, lets PostGIS confirm and
 * re-links buildings in one transaction, then publishes the {@link LayerChangedEvent} that rebuilds
 * the routing index, re-routes open cases (micro grids), drops tiles and tells consoles.
 */
@Singleton
public class PlannerService {

    private static final Logger LOG = LoggerFactory.getLogger(PlannerService.class);
    static final List<String> LEVELS = List.of("district", "l1", "l2", "l3", "micro");
    private static final Set<String> CLOSED = Set.of("closed", "evaluated", "rejected", "merged");

    /** A draft as the API shows it. */
    @Serdeable
    public record DraftView(long id, String parentCode, String childLevel, String owner, String status, int revision,
                            Map<String, Integer> baseVersions, Object children, List<Map<String, Object>> problems,
                            @Nullable Object conflict, String createdAt, String updatedAt, @Nullable Object operation) {
    }

    /** Something that moves from one grid to another ({@code to} null: outside every grid of the draft). */
    @Serdeable
    public record Move(String id, @Nullable String from, @Nullable String to) {
    }

    /** Figures of one grid. */
    @Serdeable
    public record Figures(double areaSqm, int households, int openCases) {
    }

    /** Before/after figures of one grid; null side: the grid does not exist then. */
    @Serdeable
    public record GridFigures(String code, @Nullable Figures before, @Nullable Figures after) {
    }

    /** What a commit of the draft would do. */
    @Serdeable
    public record Impact(List<String> changed, List<String> created, List<String> retired, List<Move> buildings, int householdsMoved,
                         List<Move> openCases, List<Move> closedCases, List<Move> patrol, List<Move> specialGrids,
                         Map<String, List<String>> dutyOnRetiredGrids, List<GridFigures> grids) {
    }

    /** What a commit did. */
    @Serdeable
    public record CommitResult(long draftId, String validFrom, List<String> changed, List<String> created, List<String> retired,
                               List<Move> buildings, List<Move> openCases, int problemsOverridden, long millis) {
    }

    /** Everything a request needs about one draft. */
    private record Workspace(Draft draft, GridRow root, Map<String, Geometry> parents, List<DraftChild> children,
                             List<DraftChild> grandchildren) {
    }

    private final DataSource dataSource;
    private final GridDraftRepository repository;
    private final PlannerConfiguration config;
    private final AuditLog audit;
    private final GridService grids;
    private final ApplicationEventPublisher<LayerChangedEvent> publisher;
    private final JsonMapper json;
    private final GridDraftValidator validator;

    private final List<MicroGridRelinker> relinkers;

    public PlannerService(DataSource dataSource, GridDraftRepository repository, PlannerConfiguration config, AuditLog audit,
                          GridService grids, ApplicationEventPublisher<LayerChangedEvent> publisher, JsonMapper json,
                          List<MicroGridRelinker> relinkers) {
        this.dataSource = dataSource;
        this.relinkers = List.copyOf(relinkers);
        this.repository = repository;
        this.config = config;
        this.audit = audit;
        this.grids = grids;
        this.publisher = publisher;
        this.json = json;
        this.validator = new GridDraftValidator(config.rules());
    }

    public PlannerConfiguration configuration() {
        return config;
    }

    // ---- drafts

    public DraftView open(Caller caller, String parentCode, @Nullable String level, String ip) {
        requireScope(caller, parentCode);
        return tx("opening a draft", c -> view(c, load(c, openIn(c, caller, parentCode, level, ip), caller, false), null));
    }

    /**
     * Opens a draft and stores {@code children} (an import) in it, in one transaction: a refusal leaves
     * no draft behind. The children are validated like a save; {@code detail} goes to the audit log.
     */
    public DraftView openWith(Caller caller, String parentCode, @Nullable String level, List<DraftChild> children, String ip,
                              Map<String, Object> detail) {
        requireScope(caller, parentCode);
        return tx("importing into a draft", c -> {
            Workspace w = load(c, openIn(c, caller, parentCode, level, ip), caller, true);
            return store(c, w, children, caller, ip, "grid.draft.import", detail, Map.of("op", "import"));
        });
    }

    /** Refuses callers that are not planners or admins, or whose scope does not hold {@code code}. */
    static void requireScope(Caller caller, String code) {
        requirePlanner(caller);
        if (!caller.covers(code)) {
            throw forbidden("grid " + code + " is outside your scope " + caller.scope());
        }
    }

    /** The level below {@code level} (null for micro). */
    static String childLevelOf(String level) {
        int i = LEVELS.indexOf(level);
        return i < 0 || i + 1 >= LEVELS.size() ? null : LEVELS.get(i + 1);
    }

    private long openIn(Connection c, Caller caller, String parentCode, @Nullable String level, String ip) throws SQLException {
        GridRow root = repository.current(c, parentCode).orElseThrow(() -> ApiException.notFound("No grid with code " + parentCode + "."));
        int rootLevel = LEVELS.indexOf(root.level());
        if (rootLevel < 0 || rootLevel >= LEVELS.size() - 1) {
            throw badField("/parent", "grid " + parentCode + " (" + root.level() + ") has no children to redraw");
        }
        String childLevel = level == null ? LEVELS.get(rootLevel + 1) : level;
        if (LEVELS.indexOf(childLevel) <= rootLevel) {
            throw badField("/level", "'" + childLevel + "' is not a level below " + root.level() + "; use one of "
                    + LEVELS.subList(rootLevel + 1, LEVELS.size()));
        }
        List<GridRow> current = repository.currentUnder(c, parentCode, childLevel, false);
        if (current.isEmpty()) {
            throw badField("/parent", "grid " + parentCode + " has no " + childLevel + " grids");
        }
        Map<String, Integer> base = new LinkedHashMap<>();
        List<DraftChild> children = new ArrayList<>();
        for (GridRow r : current) {
            base.put(r.code(), r.version());
            children.add(r.child());
        }
        long id = repository.insert(c, parentCode, childLevel, caller.username(), caller.userId(), base, text(DraftGeoJson.writeChildren(children)));
        audit.record(c, caller.username(), caller.role().key(), "grid.draft.open", "draft:" + id, ip,
                Map.of("parent", parentCode, "level", childLevel, "children", children.size()));
        return id;
    }

    public DraftView get(Caller caller, long id) {
        return tx("reading a draft", c -> view(c, load(c, id, caller, false), null));
    }

    /** Replaces the whole child set (the client's edits). */
    public DraftView save(Caller caller, long id, Object body, String ip) {
        return tx("saving a draft", c -> {
            Workspace w = load(c, id, caller, true);
            List<DraftChild> children = readChildren(body, "", w);
            return store(c, w, children, caller, ip, "grid.draft.save", Map.of("children", children.size()), null);
        });
    }

    /** Cuts child {@code code} in two along {@code line}; the larger part keeps the code. */
    public DraftView split(Caller caller, long id, String code, Object line, @Nullable String newCode, @Nullable String newName, String ip) {
        return tx("splitting a grid", c -> {
            Workspace w = load(c, id, caller, true);
            LineString cut = line(line, "/line", w);
            int i = indexOf(w.children(), code, "/code");
            DraftChild target = w.children().get(i);
            List<Polygon> parts;
            try {
                parts = PolygonSplitter.split(target.geometry(), cut);
            } catch (IllegalArgumentException e) {
                throw badField("/line", e.getMessage());
            }
            requireNoSliver(parts, "/line");
            String code2 = newCode != null ? newCode : nextCode(w.children(), target.parentCode());
            String name2 = newName != null ? newName : target.name() + "（分）";
            List<DraftChild> next = new ArrayList<>(w.children());
            next.set(i, target.withGeometry(parts.get(0)));
            next.add(new DraftChild(code2, name2, target.kind(), target.parentCode(), parts.get(1)));
            next = noded(next, SharedVertexInserter.newVertices(target.geometry(), parts), Set.of(code, code2));
            return store(c, w, next, caller, ip, "grid.draft.split", Map.of("code", code, "newCode", code2),
                    Map.of("op", "split", "codes", List.of(code, code2)));
        });
    }

    /** Dissolves two adjacent children; the first keeps its code, the second is retired. */
    public DraftView merge(Caller caller, long id, List<String> codes, String ip) {
        return tx("merging grids", c -> {
            Workspace w = load(c, id, caller, true);
            if (codes.size() != 2 || codes.get(0).equals(codes.get(1))) {
                throw badField("/codes", "give exactly two different codes");
            }
            int i = indexOf(w.children(), codes.get(0), "/codes/0");
            int j = indexOf(w.children(), codes.get(1), "/codes/1");
            DraftChild a = w.children().get(i);
            DraftChild b = w.children().get(j);
            if (!a.parentCode().equals(b.parentCode())) {
                throw badField("/codes", "grids of different parents (" + a.parentCode() + ", " + b.parentCode() + ") cannot be merged");
            }
            Polygon merged;
            try {
                merged = GridMerger.merge(a.geometry(), b.geometry());
            } catch (IllegalArgumentException e) {
                throw badField("/codes", e.getMessage());
            }
            List<DraftChild> next = new ArrayList<>(w.children());
            next.set(i, a.withGeometry(merged));
            next.remove(j);
            return store(c, w, next, caller, ip, "grid.draft.merge", Map.of("codes", codes), Map.of("op", "merge", "codes", codes));
        });
    }

    /** Replaces the edge shared by {@code a} and {@code b} with {@code edge}; both follow. */
    public DraftView reshape(Caller caller, long id, String a, String b, Object edge, String ip) {
        return tx("reshaping a shared edge", c -> {
            Workspace w = load(c, id, caller, true);
            LineString line = line(edge, "/newEdge", w);
            int i = indexOf(w.children(), a, "/a");
            int j = indexOf(w.children(), b, "/b");
            if (i == j) {
                throw badField("/b", "give two different grids");
            }
            double tol = LocalProjection.around(w.root().geometry()).degrees(config.endpointToleranceMeters());
            Polygon[] result;
            try {
                result = SharedEdgeReshaper.reshape(w.children().get(i).geometry(), w.children().get(j).geometry(), line, tol);
            } catch (IllegalArgumentException e) {
                throw badField("/newEdge", e.getMessage());
            }
            requireNoSliver(List.of(result), "/newEdge");
            List<DraftChild> next = new ArrayList<>(w.children());
            next.set(i, next.get(i).withGeometry(result[0]));
            next.set(j, next.get(j).withGeometry(result[1]));
            return store(c, w, next, caller, ip, "grid.draft.reshape", Map.of("a", a, "b", b), Map.of("op", "reshape", "codes", List.of(a, b)));
        });
    }

    /** Snaps within {@code snapMeters} and absorbs slivers below {@code minSliverAreaSqm}; the view lists what changed. */
    public DraftView repair(Caller caller, long id, double snapMeters, double minSliverAreaSqm, String ip) {
        return tx("repairing a draft", c -> {
            Workspace w = load(c, id, caller, true);
            CoverageRepairer.Result r = CoverageRepairer.repair(w.root().geometry(), w.parents(), w.children(), snapMeters, minSliverAreaSqm);
            Map<String, Object> op = new LinkedHashMap<>();
            op.put("op", "repair");
            op.put("changed", r.changed());
            op.put("retired", r.retired());
            op.put("gapsFilled", r.gapsFilled());
            return store(c, w, r.children(), caller, ip, "grid.draft.repair",
                    Map.of("snapMeters", snapMeters, "minSliverAreaSqm", minSliverAreaSqm, "changed", r.changed().size(), "retired", r.retired()), op);
        });
    }

    // ---- impact

    public Impact impact(Caller caller, long id) {
        return tx("previewing a draft's impact", c -> {
            Workspace w = load(c, id, caller, false);
            List<GridRow> base = repository.currentUnder(c, w.draft().parentCode(), w.draft().childLevel(), false);
            return impact(c, w, base);
        });
    }

    private Impact impact(Connection c, Workspace w, List<GridRow> baseRows) throws SQLException {
        List<DraftChild> base = baseRows.stream().map(GridRow::child).toList();
        Diff diff = diff(base, w.children());
        boolean micro = "micro".equals(w.draft().childLevel());
        Envelope box = area(w, base);
        IndexedChildLocator before = new IndexedChildLocator(base);
        IndexedChildLocator after = new IndexedChildLocator(w.children());
        Set<String> baseCodes = codes(base);
        Map<String, int[]> beforeFigures = new HashMap<>();
        Map<String, int[]> afterFigures = new HashMap<>();
        List<Move> buildings = new ArrayList<>();
        int householdsMoved = 0;
        for (Located b : repository.buildings(c, box)) {
            String from = micro ? b.grid() : before.locate(b.lon(), b.lat());
            String to = after.locate(b.lon(), b.lat());
            count(beforeFigures, from, 0, b.households());
            count(afterFigures, to, 0, b.households());
            if (moves(from, to, baseCodes)) {
                buildings.add(new Move(b.id(), from, to));
                householdsMoved += b.households();
            }
        }
        List<Move> open = new ArrayList<>();
        List<Move> closed = new ArrayList<>();
        for (Located k : repository.cases(c, box, caseColumn(w.draft().childLevel()))) {
            String to = after.locate(k.lon(), k.lat());
            boolean isOpen = !CLOSED.contains(k.status());
            if (isOpen) {
                count(beforeFigures, k.grid(), 1, 0);
                count(afterFigures, to, 1, 0);
            }
            if (moves(k.grid(), to, baseCodes)) {
                (isOpen ? open : closed).add(new Move(k.id(), k.grid(), to));
            }
        }
        List<Move> patrol = new ArrayList<>();
        if (micro) {
            for (Located p : repository.patrolPositions(c, box)) {
                String to = after.locate(p.lon(), p.lat());
                if (moves(p.grid(), to, baseCodes)) {
                    patrol.add(new Move(p.id(), p.grid(), to));
                }
            }
        }
        List<Move> special = new ArrayList<>();
        for (Located s : repository.specialGrids(c, box)) {
            String from = before.locate(s.lon(), s.lat());
            String to = after.locate(s.lon(), s.lat());
            if (moves(from, to, baseCodes)) {
                special.add(new Move(s.id(), from, to));
            }
        }
        LocalProjection metric = LocalProjection.around(w.root().geometry());
        List<GridFigures> figures = new ArrayList<>();
        Map<String, DraftChild> afterByCode = byCode(w.children());
        Map<String, DraftChild> beforeByCode = byCode(base);
        for (String code : new TreeSet<>(union(beforeByCode.keySet(), afterByCode.keySet()))) {
            DraftChild b = beforeByCode.get(code);
            DraftChild a = afterByCode.get(code);
            figures.add(new GridFigures(code, b == null ? null : figures(metric, b, beforeFigures.get(code)),
                    a == null ? null : figures(metric, a, afterFigures.get(code))));
        }
        return new Impact(diff.changed(), diff.created(), diff.retired(), buildings, householdsMoved, open, closed, patrol, special,
                repository.duty(c, diff.retired()), figures);
    }

    // ---- commit

    public CommitResult commit(Caller caller, long id, String reason, @Nullable Instant effectiveAt, boolean override, String ip) {
        long t0 = System.nanoTime();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant at = effectiveAt == null ? now : effectiveAt.truncatedTo(ChronoUnit.MICROS);
        if (at.isAfter(now.plusSeconds(60))) {
            throw badField("/effectiveAt", "a commit takes effect now or at a past instant; " + at + " lies in the future");
        }
        boolean mayOverride = config.overrideRoles().contains(caller.role().key());
        if (override && !mayOverride) {
            throw forbidden("role " + caller.role().key() + " may not commit over problems; roles that may: " + config.overrideRoles());
        }
        Map<String, Object> conflict = new LinkedHashMap<>();
        // Milliseconds at the end of each phase, for the log: lock, validation, impact, write and confirm, relink, transaction.
        long[] phase = new long[6];
        Committed done;
        try {
            done = tx("committing a draft", c -> {
                repository.forShortQueries(c);
                Workspace w = load(c, id, caller, true);
                String level = w.draft().childLevel();
                List<GridRow> locked = repository.currentUnder(c, w.draft().parentCode(), level, true);
                List<String> conflicts = conflicts(w.draft().baseVersions(), locked);
                if (!conflicts.isEmpty()) {
                    conflict.put("codes", conflicts);
                    conflict.put("at", now.toString());
                    throw new DraftRefusedException(HttpStatus.CONFLICT, "/problems/draft-conflict",
                            "Grids " + conflicts + " were changed by another commit since this draft was opened; reopen or redo the edit.",
                            Map.of("conflicts", conflicts));
                }
                phase[0] = System.nanoTime();
                List<DraftProblem> problems = validate(c, w);
                phase[1] = System.nanoTime();
                if (GridDraftValidator.anyBlocking(problems)) {
                    throw DraftRefusedException.problems("The draft has problems no role may commit over.", problemsJson(problems));
                }
                if (!problems.isEmpty() && !override) {
                    throw DraftRefusedException.problems("The draft has " + problems.size() + " problem(s); fix them"
                            + (mayOverride ? " or commit with \"override\": true." : "."), problemsJson(problems));
                }
                List<DraftChild> base = locked.stream().map(GridRow::child).toList();
                Diff diff = diff(base, w.children());
                if (diff.isEmpty()) {
                    throw DraftRefusedException.problems("The draft changes nothing.", List.of());
                }
                Map<String, GridRow> lockedByCode = new HashMap<>();
                locked.forEach(r -> lockedByCode.put(r.code(), r));
                List<Geometry> touched = new ArrayList<>();
                for (String code : union(diff.changed(), diff.retired())) {
                    GridRow old = lockedByCode.get(code);
                    if (!at.isAfter(old.validFrom())) {
                        throw badField("/effectiveAt", "must be after " + old.validFrom() + ", when the current version of " + code + " began");
                    }
                    touched.add(old.geometry());
                }
                Map<String, DraftChild> draftByCode = byCode(w.children());
                List<DraftChild> written = new ArrayList<>();
                for (String code : union(diff.changed(), diff.created())) {
                    written.add(draftByCode.get(code));
                    touched.add(draftByCode.get(code).geometry());
                }
                Envelope box = new Envelope();
                touched.forEach(g -> box.expandToInclude(g.getEnvelopeInternal()));
                Impact predicted = impact(c, w, locked);
                phase[2] = System.nanoTime();
                Map<String, String> openBefore = new LinkedHashMap<>();
                for (Located k : repository.cases(c, box, caseColumn(level))) {
                    if (!CLOSED.contains(k.status())) {
                        openBefore.put(k.id(), k.grid());
                    }
                }
                Map<String, String> linksBefore = "micro".equals(level) ? repository.buildingLinks(c, box) : Map.of();
                repository.close(c, union(diff.changed(), diff.retired()), at);
                repository.insertVersions(c, level, written, at, caller.username(), reason, id);
                double tolerance = config.areaToleranceSqm() * Math.max(10, w.children().size());
                GridDraftRepository.Confirmation confirmed = repository.confirm(c, w.draft().parentCode(), level, tolerance);
                if (!confirmed.invalid().isEmpty() || (!confirmed.clean(tolerance) && !override)) {
                    throw DraftRefusedException.problems("PostGIS does not confirm the new boundaries.", confirmationJson(confirmed));
                }
                phase[3] = System.nanoTime();
                List<Move> buildingMoves = new ArrayList<>();
                if ("micro".equals(level)) {
                    repository.relinkBuildings(c, box);
                    // Households, compounds, residents … follow their buildings in this same transaction.
                    for (MicroGridRelinker r : relinkers) {
                        r.relink(c, box);
                    }
                    Map<String, String> linksAfter = repository.buildingLinks(c, box);
                    linksBefore.forEach((b, from) -> {
                        String to = linksAfter.get(b);
                        if (!Objects.equals(from, to)) {
                            buildingMoves.add(new Move(b, from, to));
                        }
                    });
                }
                phase[4] = System.nanoTime();
                repository.markCommitted(c, id, at);
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("draft", id);
                detail.put("reason", reason);
                detail.put("validFrom", at.toString());
                detail.put("changed", diff.changed());
                detail.put("created", diff.created());
                detail.put("retired", diff.retired());
                detail.put("buildingsMoved", buildingMoves.size());
                detail.put("openCasesPredicted", predicted.openCases().size());
                audit.record(c, caller.username(), caller.role().key(), "grid.commit", "grid:" + w.draft().parentCode(), ip, detail);
                if (!problems.isEmpty() || !confirmed.clean(tolerance)) {
                    audit.record(c, caller.username(), caller.role().key(), "grid.commit.override", "grid:" + w.draft().parentCode(), ip,
                            Map.of("draft", id, "reason", reason, "problems", problemsJson(problems)));
                }
                List<Envelope> envelopes = touched.stream().map(Geometry::getEnvelopeInternal).toList();
                return new Committed(level, diff, envelopes, openBefore, buildingMoves, problems.size());
            });
        } catch (DraftRefusedException e) {
            if (!conflict.isEmpty()) {
                tx("recording a draft conflict", c -> {
                    repository.setConflict(c, id, conflict);
                    return null;
                });
            }
            throw e;
        }
        // The committed grids go into the catalog and routing index here (patched, not a reload of the
        // city); the event then drops tiles, tells consoles and other instances, and for micro grids
        // re-routes the open cases in the touched boxes.
        phase[5] = System.nanoTime();
        LayerChangedEvent event = new LayerChangedEvent(LayerRegistry.gridLayerId(done.level()), done.envelopes(), false);
        grids.apply(done.level(), union(union(done.diff().changed(), done.diff().created()), done.diff().retired()), event);
        long applied = System.nanoTime();
        publisher.publishEvent(event);
        long published = System.nanoTime();
        List<Move> caseMoves = tx("reading re-routed cases", c -> caseMoves(c, done));
        long end = System.nanoTime();
        long millis = (end - t0) / 1_000_000;
        LOG.info("Draft {} committed by {}: {} changed, {} created, {} retired, {} buildings and {} open cases moved in {} ms"
                + " (transaction {} ms: lock {}, validation {}, impact {}, write and confirm {}, relink {}; index {} ms, listeners {} ms,"
                + " case moves {} ms)", id, caller.username(), done.diff().changed().size(), done.diff().created().size(),
                done.diff().retired().size(), done.buildings().size(), caseMoves.size(), millis, ms(t0, phase[5]), ms(t0, phase[0]),
                ms(phase[0], phase[1]), ms(phase[1], phase[2]), ms(phase[2], phase[3]), ms(phase[3], phase[4]), ms(phase[5], applied),
                ms(applied, published), ms(published, end));
        return new CommitResult(id, at.toString(), done.diff().changed(), done.diff().created(), done.diff().retired(), done.buildings(),
                caseMoves, done.overridden(), millis);
    }

    private static long ms(long from, long to) {
        return (to - from) / 1_000_000;
    }

    private record Committed(String level, Diff diff, List<Envelope> envelopes, Map<String, String> openBefore, List<Move> buildings,
                             int overridden) {
    }

    private List<Move> caseMoves(Connection c, Committed done) throws SQLException {
        Envelope box = new Envelope();
        done.envelopes().forEach(box::expandToInclude);
        Map<String, String> after = new HashMap<>();
        for (Located k : repository.cases(c, box, caseColumn(done.level()))) {
            after.put(k.id(), k.grid());
        }
        List<Move> out = new ArrayList<>();
        done.openBefore().forEach((id, from) -> {
            String to = after.get(id);
            if (!Objects.equals(from, to)) {
                out.add(new Move(id, from, to));
            }
        });
        return out;
    }

    // ---- validation

    private List<DraftProblem> validate(Connection c, Workspace w) throws SQLException {
        Map<String, Integer> households = null;
        if ("micro".equals(w.draft().childLevel())) {
            households = new HashMap<>();
            IndexedChildLocator locator = new IndexedChildLocator(w.children());
            for (Located b : repository.buildings(c, w.root().geometry().getEnvelopeInternal())) {
                String code = locator.locate(b.lon(), b.lat());
                if (code != null) {
                    households.merge(code, b.households(), Integer::sum);
                }
            }
        }
        List<DraftProblem> problems = new ArrayList<>(validator.validate(w.root().geometry(), w.parents(), w.children(), households));
        List<DraftChild> validChildren = w.children().stream().filter(ch -> ch.geometry().isValid()).toList();
        if (validChildren.size() == w.children().size()) {
            problems.addAll(validator.checkGrandchildren(validChildren, w.grandchildren()));
        }
        return problems;
    }

    // ---- helpers

    private Workspace load(Connection c, long id, Caller caller, boolean forUpdate) throws SQLException {
        requirePlanner(caller);
        Draft d = repository.find(c, id, forUpdate).orElseThrow(() -> ApiException.notFound("No draft " + id + "."));
        if (!caller.covers(d.parentCode()) || (d.ownerId() != caller.userId() && caller.role() != Role.ADMIN)) {
            throw forbidden("draft " + id + " belongs to " + d.owner());
        }
        if (forUpdate && !"open".equals(d.status())) {
            throw new ApiException(HttpStatus.CONFLICT, "/problems/draft-closed", "Draft " + id + " is " + d.status() + ".", List.of());
        }
        GridRow root = repository.current(c, d.parentCode())
                .orElseThrow(() -> ApiException.notFound("The draft's parent grid " + d.parentCode() + " no longer exists."));
        Map<String, Geometry> parents = new LinkedHashMap<>();
        int childLevel = LEVELS.indexOf(d.childLevel());
        if (LEVELS.get(childLevel - 1).equals(root.level())) {
            parents.put(root.code(), root.geometry());
        } else {
            for (GridRow p : repository.currentUnder(c, root.code(), LEVELS.get(childLevel - 1), false)) {
                parents.put(p.code(), p.geometry());
            }
        }
        List<DraftChild> grandchildren = childLevel + 1 < LEVELS.size()
                ? repository.currentUnder(c, root.code(), LEVELS.get(childLevel + 1), false).stream().map(GridRow::child).toList()
                : List.of();
        List<DraftChild> children;
        try {
            children = DraftGeoJson.readChildren(json.readValue(d.childrenJson(), Object.class), "", d.parentCode(), unlimited());
        } catch (DraftGeoJson.Invalid | java.io.IOException e) {
            throw new IllegalStateException("draft " + id + " holds unreadable children: " + e.getMessage(), e);
        }
        return new Workspace(d, root, parents, children, grandchildren);
    }

    private DraftGeoJson.Limits unlimited() {
        return new DraftGeoJson.Limits(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    private DraftView store(Connection c, Workspace w, List<DraftChild> children, Caller caller, String ip, String action,
                            Map<String, Object> detail, @Nullable Object operation) throws SQLException {
        repository.saveChildren(c, w.draft().id(), text(DraftGeoJson.writeChildren(children)));
        Map<String, Object> d = new LinkedHashMap<>(detail);
        d.put("parent", w.draft().parentCode());
        audit.record(c, caller.username(), caller.role().key(), action, "draft:" + w.draft().id(), ip, d);
        return view(c, load(c, w.draft().id(), caller, false), operation);
    }

    private DraftView view(Connection c, Workspace w, @Nullable Object operation) throws SQLException {
        {
            Draft d = w.draft();
            Object conflict = null;
            if (d.conflictJson() != null) {
                try {
                    conflict = json.readValue(d.conflictJson(), Object.class);
                } catch (java.io.IOException e) {
                    conflict = d.conflictJson();
                }
            }
            List<Map<String, Object>> problems = "open".equals(d.status()) ? problemsJson(validate(c, w)) : List.of();
            return new DraftView(d.id(), d.parentCode(), d.childLevel(), d.owner(), d.status(), d.revision(), d.baseVersions(),
                    DraftGeoJson.writeChildren(w.children()), problems, conflict, d.createdAt().toString(), d.updatedAt().toString(), operation);
        }
    }

    /** Problems as the API shows them. */
    static List<Map<String, Object>> problemsJson(List<DraftProblem> problems) {
        List<Map<String, Object>> out = new ArrayList<>(problems.size());
        for (DraftProblem p : problems) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", p.kind().key());
            m.put("codes", p.codes());
            m.put("location", DraftGeoJson.write(p.location()));
            m.put("measure", p.measure());
            m.put("unit", p.unit());
            m.put("message", p.message());
            m.put("blocking", p.blocking());
            out.add(m);
        }
        return out;
    }

    private static List<Map<String, Object>> confirmationJson(GridDraftRepository.Confirmation c) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String code : c.invalid()) {
            out.add(Map.of("kind", "invalid-geometry", "codes", List.of(code), "message", "PostGIS: 网格 " + code + " 的边界无效", "blocking", true));
        }
        if (c.difference() != null) {
            out.add(Map.of("kind", "gap", "codes", List.of(), "location", DraftGeoJson.write(c.difference()),
                    "measure", Math.round(c.symmetricDifferenceSqm() * 10) / 10.0, "unit", "m2",
                    "message", "PostGIS: 下级网格的合集与上级相差 " + Math.round(c.symmetricDifferenceSqm()) + " 平方米", "blocking", false));
        }
        for (int i = 0; i < c.overlaps().size(); i++) {
            String[] pair = c.overlaps().get(i);
            out.add(Map.of("kind", "overlap", "codes", List.of(pair[0], pair[1]), "measure", Math.round(c.overlapSqm().get(i) * 10) / 10.0,
                    "unit", "m2", "message", "PostGIS: 网格 " + pair[0] + " 与 " + pair[1] + " 重叠", "blocking", false));
        }
        return out;
    }

    private List<DraftChild> readChildren(Object body, String pointer, Workspace w) {
        Object fc = body;
        if (body instanceof Map<?, ?> m && m.containsKey("children")) {
            fc = m.get("children");
            pointer = "/children";
        }
        try {
            List<DraftChild> children = DraftGeoJson.readChildren(fc, pointer, w.draft().parentCode(), config.limits());
            Envelope area = w.root().geometry().getEnvelopeInternal();
            for (int i = 0; i < children.size(); i++) {
                DraftGeoJson.requireNear(children.get(i).geometry(), area, config.nearParentDegrees(), pointer + "/features/" + i + "/geometry");
            }
            return children;
        } catch (DraftGeoJson.Invalid e) {
            throw invalidBody(e);
        }
    }

    private LineString line(Object tree, String pointer, Workspace w) {
        try {
            LineString line = DraftGeoJson.readLine(tree, pointer, config.maxVerticesPerGrid());
            DraftGeoJson.requireNear(line, w.root().geometry().getEnvelopeInternal(), config.nearParentDegrees(), pointer);
            return line;
        } catch (DraftGeoJson.Invalid e) {
            throw invalidBody(e);
        }
    }

    static ApiException invalidBody(DraftGeoJson.Invalid e) {
        return new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-body", "Invalid request body at " + e.pointer() + ": " + e.getMessage(),
                List.of(new Problem.InvalidParam(null, e.pointer(), e.getMessage())));
    }

    static ApiException badField(String pointer, String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-body", "Invalid request body at " + pointer + ": " + detail,
                List.of(new Problem.InvalidParam(null, pointer, detail)));
    }

    private static ApiException forbidden(String why) {
        return new ApiException(HttpStatus.FORBIDDEN, "/problems/forbidden", "Forbidden: " + why + ".", List.of());
    }

    private static void requirePlanner(Caller caller) {
        if (caller.role() != Role.PLANNER && caller.role() != Role.ADMIN) {
            throw forbidden("only planners and admins redraw grid boundaries");
        }
    }

    private static int indexOf(List<DraftChild> children, String code, String pointer) {
        for (int i = 0; i < children.size(); i++) {
            if (children.get(i).code().equals(code)) {
                return i;
            }
        }
        throw badField(pointer, "no grid " + code + " in this draft");
    }

    /** An edit operation never makes a sliver: it refuses instead (a planner may still draw one and see it reported). */
    private void requireNoSliver(List<Polygon> parts, String pointer) {
        for (Polygon p : parts) {
            double area = LocalProjection.around(p).areaSqm(p);
            if (area < config.minSliverAreaSqm()) {
                throw badField(pointer, String.format(java.util.Locale.ROOT, "the edit would leave a part of %.1f m², below the minimum of %.0f m²",
                        area, config.minSliverAreaSqm()));
            }
        }
    }

    /** The parent's code plus the next free three digits. */
    static String nextCode(List<DraftChild> children, String parentCode) {
        int max = 0;
        for (DraftChild c : children) {
            if (c.code().length() == parentCode.length() + 3 && c.code().startsWith(parentCode)) {
                try {
                    max = Math.max(max, Integer.parseInt(c.code().substring(parentCode.length())));
                } catch (NumberFormatException e) {
                    // not a numeric suffix: does not take part
                }
            }
        }
        if (max >= 999) {
            throw badField("/newCode", "no free code under " + parentCode + "; give one");
        }
        return parentCode + String.format("%03d", max + 1);
    }

    /** The other children with the cut's new vertices inserted where they lie on their edges. */
    private static List<DraftChild> noded(List<DraftChild> children, Set<Coordinate> added, Set<String> skip) {
        if (added.isEmpty()) {
            return children;
        }
        double tol = 1e-9;
        List<DraftChild> out = new ArrayList<>(children.size());
        for (DraftChild c : children) {
            out.add(skip.contains(c.code()) ? c : c.withGeometry(SharedVertexInserter.insert(c.geometry(), added, tol)));
        }
        return out;
    }

    private record Diff(List<String> changed, List<String> created, List<String> retired) {
        boolean isEmpty() {
            return changed.isEmpty() && created.isEmpty() && retired.isEmpty();
        }
    }

    private static Diff diff(List<DraftChild> base, List<DraftChild> draft) {
        Map<String, DraftChild> before = byCode(base);
        Map<String, DraftChild> after = byCode(draft);
        List<String> changed = new ArrayList<>();
        List<String> created = new ArrayList<>();
        List<String> retired = new ArrayList<>();
        for (DraftChild d : draft) {
            DraftChild b = before.get(d.code());
            if (b == null) {
                created.add(d.code());
            } else if (!b.sameAs(d)) {
                changed.add(d.code());
            }
        }
        for (DraftChild b : base) {
            if (!after.containsKey(b.code())) {
                retired.add(b.code());
            }
        }
        return new Diff(sorted(changed), sorted(created), sorted(retired));
    }

    private static List<String> conflicts(Map<String, Integer> baseVersions, List<GridRow> current) {
        Set<String> out = new TreeSet<>();
        Map<String, Integer> now = new HashMap<>();
        current.forEach(r -> now.put(r.code(), r.version()));
        baseVersions.forEach((code, v) -> {
            if (!v.equals(now.get(code))) {
                out.add(code);
            }
        });
        now.keySet().stream().filter(code -> !baseVersions.containsKey(code)).forEach(out::add);
        return List.copyOf(out);
    }

    private static Envelope area(Workspace w, List<DraftChild> base) {
        Envelope box = new Envelope(w.root().geometry().getEnvelopeInternal());
        base.forEach(b -> box.expandToInclude(b.geometry().getEnvelopeInternal()));
        w.children().forEach(b -> box.expandToInclude(b.geometry().getEnvelopeInternal()));
        return box;
    }

    private static boolean moves(@Nullable String from, @Nullable String to, Set<String> baseCodes) {
        return !Objects.equals(from, to) && (to != null || (from != null && baseCodes.contains(from)));
    }

    private static void count(Map<String, int[]> figures, @Nullable String code, int cases, int households) {
        if (code != null) {
            int[] f = figures.computeIfAbsent(code, k -> new int[2]);
            f[0] += households;
            f[1] += cases;
        }
    }

    private static Figures figures(LocalProjection metric, DraftChild c, @Nullable int[] counts) {
        double area = c.geometry().isEmpty() ? 0 : Math.round(metric.areaSqm(c.geometry()) * 10) / 10.0;
        return new Figures(area, counts == null ? 0 : counts[0], counts == null ? 0 : counts[1]);
    }

    private static String caseColumn(String level) {
        return switch (level) {
            case "micro" -> "grid_code";
            case "l3" -> "l3_code";
            case "l2" -> "l2_code";
            default -> "l1_code";
        };
    }

    private static Map<String, DraftChild> byCode(List<DraftChild> children) {
        Map<String, DraftChild> out = new LinkedHashMap<>();
        children.forEach(c -> out.putIfAbsent(c.code(), c));
        return out;
    }

    private static Set<String> codes(List<DraftChild> children) {
        Set<String> out = new LinkedHashSet<>();
        children.forEach(c -> out.add(c.code()));
        return out;
    }

    private static List<String> union(Collection<String> a, Collection<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }

    private static List<String> sorted(List<String> codes) {
        return codes.stream().sorted().toList();
    }

    private String text(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("serialising JSON failed", e);
        }
    }

    private <T> T tx(String what, Transactions.Work<T> work) {
        return Transactions.inTransaction(dataSource, what, work);
    }
}
