package cn.yiwang.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import cn.yiwang.analytics.CaseAnalyticsRepository;
import cn.yiwang.analytics.CaseAnalyticsService;
import cn.yiwang.api.ApiException;
import cn.yiwang.category.Department;
import cn.yiwang.category.TaxonomyService;
import cn.yiwang.grid.GridCatalog;
import cn.yiwang.grid.GridService;
import cn.yiwang.grid.GridSummary;
import cn.yiwang.patrol.analysis.PatrolDayRepository;
import cn.yiwang.security.Caller;
import cn.yiwang.security.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;

/**
 * Builds a periodic report: checks the request against the caller (role, scope), lists the rows of the
 * level under the scope (every grid of the level, every grid worker on the roster, every department,
 * with zeros where nothing happened), joins the case figures of {@link CaseAnalyticsService#periodFigures}
 * and the patrol figures of {@link PatrolReportRepository}, scores and ranks them, and ranks the previous
 * period the same way for the change. Who sees what:
 * <ul>
 * <li>analysts, ops, dispatchers, admins and grid workers: any level and scope inside their own scope
 *     (a community's worker sees their community only);</li>
 * <li>department users: {@code level=department} only, and only their own department's row;</li>
 * <li>planners: nothing (403 at the controller).</li>
 * </ul>
 * No personal field is ever read: worker names are staff names, cases contribute counts only.
 * Thread-safe.
 */
@Singleton
public class ReportService {

    private final CaseAnalyticsService cases;
    private final PatrolReportRepository patrol;
    private final PatrolDayRepository workers;
    private final GridService grids;
    private final TaxonomyService taxonomy;
    private final ReportConfiguration config;
    private final RankingScorer scorer;
    private final ZoneId zone;

    public ReportService(CaseAnalyticsService cases, PatrolReportRepository patrol, PatrolDayRepository workers, GridService grids,
                         TaxonomyService taxonomy, ReportConfiguration config) {
        this.cases = cases;
        this.patrol = patrol;
        this.workers = workers;
        this.grids = grids;
        this.taxonomy = taxonomy;
        this.config = config;
        this.scorer = new RankingScorer(config);
        this.zone = ZoneId.of(config.zone());
    }

    public ReportConfiguration configuration() {
        return config;
    }

    public ZoneId zone() {
        return zone;
    }

    /**
     * The report of {@code kindText} for {@code periodText} (default: the last complete period),
     * {@code levelText} (default: the level below the scope; {@code department} for department users)
     * and {@code scopeText} (default: the caller's scope).
     *
     * @throws ApiException 400 naming the parameter for an unknown kind or level, a malformed or future
     *                      period, an unknown scope or a level above the scope; 403 for a scope outside the
     *                      caller's or a level the caller's role may not see
     */
    public Report build(String kindText, @Nullable String periodText, @Nullable String levelText, @Nullable String scopeText,
                        Caller caller) {
        ReportKind kind = ReportKind.fromKey(kindText).orElseThrow(() -> ApiException.badParameter("kind",
                "unknown report kind '" + kindText + "'; expected daily, monthly or quarterly"));
        LocalDate today = LocalDate.now(zone);
        ReportPeriod period = period(kind, periodText, today);
        GridCatalog catalog = grids.catalog();
        String scopeCode = scopeText == null || scopeText.isBlank() ? caller.scope() : scopeText.trim();
        Scope scope = scope(scopeCode, catalog);
        if (!caller.covers(scopeCode)) {
            throw forbidden("The scope " + scopeCode + " lies outside your scope " + caller.scope() + ".");
        }
        ReportLevel level = level(levelText, scope, caller);
        List<ReportRow> now = rows(level, scope, period, today, caller, catalog);
        List<ReportRow> before = rows(level, scope, period.previous(), today, caller, catalog);
        Map<String, Integer> previousRanks = new HashMap<>();
        List<Double> previousScores = before.stream().map(scorer::score).toList();
        List<Integer> previousRankList = RankingScorer.ranks(previousScores);
        for (int i = 0; i < before.size(); i++) {
            if (previousRankList.get(i) != null) {
                previousRanks.put(before.get(i).key(), previousRankList.get(i));
            }
        }
        List<Double> scores = now.stream().map(scorer::score).toList();
        List<Integer> ranks = RankingScorer.ranks(scores);
        List<ReportRow> ranked = new ArrayList<>(now.size());
        CaseAnalyticsRepository.Figures total = CaseAnalyticsRepository.Figures.none(null);
        PatrolFigures patrolTotal = level.hasPatrol() ? PatrolFigures.NONE : null;
        for (int i = 0; i < now.size(); i++) {
            ReportRow r = now.get(i);
            ranked.add(r.ranked(scores.get(i), ranks.get(i), previousRanks.get(r.key())));
            total = total.plus(r.cases());
            if (patrolTotal != null && r.patrol() != null) {
                patrolTotal = patrolTotal.plus(r.patrol());
            }
        }
        ranked.sort(Comparator.comparing((ReportRow r) -> r.rank() == null ? Integer.MAX_VALUE : r.rank()).thenComparing(ReportRow::key));
        return new Report(kind, period, period.previous(), level, scope.code(), scope.name(),
                caller.role() == Role.DEPARTMENT ? caller.departmentCode() : null, caller.username(),
                OffsetDateTime.now(zone).withNano(0), period.elapsedDays(today), ranked, total, patrolTotal);
    }

    private ReportPeriod period(ReportKind kind, @Nullable String text, LocalDate today) {
        if (text == null || text.isBlank()) {
            return kind.lastComplete(today);
        }
        ReportPeriod p;
        try {
            p = ReportPeriod.parse(kind, text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badParameter("period", e.getMessage());
        }
        if (p.from().isAfter(today)) {
            throw ApiException.badParameter("period", "'" + p.text() + "' lies in the future (today is " + today + ")");
        }
        if (p.from().getYear() < 2000) {
            throw ApiException.badParameter("period", "'" + p.text() + "' is before 2000");
        }
        return p;
    }

    /**
     * What a report covers: a grid of any level from district down, or a city (a code prefix of
     * districts, e.g. 4101, the scope of a city-wide analyst), which stands for its districts.
     *
     * @param depth    -1 for a city, else the grid level's depth
     * @param grids    the grids whose routed cases are counted, all of {@code gridLevel}
     */
    record Scope(String code, String name, String level, int depth, List<String> grids, String gridLevel) {
    }

    private static Scope scope(String code, GridCatalog catalog) {
        GridSummary grid = catalog.get(code).orElse(null);
        if (grid != null && ReportLevel.GRID_DEPTH.containsKey(grid.level())) {
            return new Scope(code, grid.name(), grid.level(), ReportLevel.GRID_DEPTH.get(grid.level()), List.of(code), grid.level());
        }
        if (grid == null && code.matches("\\d{2,5}")) {
            List<String> districts = catalog.atLevel("district").stream().map(GridSummary::code).filter(c -> c.startsWith(code)).toList();
            if (!districts.isEmpty()) {
                return new Scope(code, "全市", "city", -1, districts, "district");
            }
        }
        throw ApiException.badParameter("scope", "unknown grid code '" + code + "'");
    }

    private ReportLevel level(@Nullable String text, Scope scope, Caller caller) {
        int scopeDepth = scope.depth();
        ReportLevel level;
        if (text == null || text.isBlank()) {
            level = caller.role() == Role.DEPARTMENT ? ReportLevel.DEPARTMENT : switch (scopeDepth) {
                case -1, 0 -> ReportLevel.L1;
                case 1 -> ReportLevel.L2;
                case 2 -> ReportLevel.L3;
                default -> ReportLevel.WORKER;
            };
        } else {
            level = ReportLevel.fromKey(text.trim()).orElseThrow(() -> ApiException.badParameter("level",
                    "unknown level '" + text + "'; expected l1, l2, l3, micro, worker or department"));
        }
        if (caller.role() == Role.DEPARTMENT && level != ReportLevel.DEPARTMENT) {
            throw forbidden("Department users see their department's report only (level=department).");
        }
        if (level.isGrid() && level.depth() < scopeDepth) {
            throw ApiException.badParameter("level", "level " + level.key() + " lies above the scope " + scope.code()
                    + " (" + scope.level() + "); choose a level at or below it");
        }
        return level;
    }

    private static ApiException forbidden(String detail) {
        return new ApiException(HttpStatus.FORBIDDEN, "/problems/forbidden", detail, List.of());
    }

    private List<ReportRow> rows(ReportLevel level, Scope scope, ReportPeriod period, LocalDate today, Caller caller, GridCatalog catalog) {
        Instant from = period.from().atStartOfDay(zone).toInstant();
        Instant to = period.to().atStartOfDay(zone).toInstant();
        long elapsed = period.elapsedDays(today);
        List<ReportRow> rows = new ArrayList<>();
        switch (level) {
            case DEPARTMENT -> {
                Map<String, CaseAnalyticsRepository.Figures> byDept = keyed(cases.periodFigures(caller, scope.grids(), scope.gridLevel(), from, to,
                        "department"));
                for (Department d : taxonomy.departments()) {
                    boolean own = caller.role() != Role.DEPARTMENT || d.code().equals(caller.departmentCode());
                    if (own && (d.active() || byDept.containsKey(d.code()))) {
                        rows.add(new ReportRow(d.code(), d.nameZh(), null, byDept.getOrDefault(d.code(),
                                CaseAnalyticsRepository.Figures.none(d.code())), null, null, null, null, null));
                    }
                }
            }
            case WORKER -> {
                List<PatrolDayRepository.Worker> roster = workers.workers().stream()
                        .filter(w -> w.visibilityGrid().startsWith(scope.code())).toList();
                limit(roster.size(), level);
                Map<String, CaseAnalyticsRepository.Figures> byUser = keyed(cases.periodFigures(caller, scope.grids(), scope.gridLevel(), from, to,
                        "assignee"));
                Map<String, PatrolFigures> days = patrol.figures(period.from(), period.to(), scope.code(), 0);
                for (PatrolDayRepository.Worker w : roster) {
                    PatrolFigures p = days.getOrDefault(w.username(), PatrolFigures.NONE).withRoster(1, elapsed);
                    rows.add(new ReportRow(w.username(), w.displayName(), w.ownGrid(), byUser.getOrDefault(String.valueOf(w.userId()),
                            CaseAnalyticsRepository.Figures.none(w.username())), p, null, null, null, null));
                }
            }
            default -> {
                List<GridSummary> units = catalog.atLevel(level.key()).stream().filter(g -> g.code().startsWith(scope.code())).toList();
                limit(units.size(), level);
                Map<String, CaseAnalyticsRepository.Figures> byGrid = keyed(cases.periodFigures(caller, scope.grids(), scope.gridLevel(), from, to,
                        level.key()));
                Map<String, PatrolFigures> days = Map.of();
                Map<String, Long> rosterCounts = new HashMap<>();
                if (level.hasPatrol() && !units.isEmpty()) {
                    int length = units.get(0).code().length();
                    days = patrol.figures(period.from(), period.to(), scope.code(), length);
                    for (PatrolDayRepository.Worker w : workers.workers()) {
                        if (w.ownGrid() != null && w.ownGrid().startsWith(scope.code()) && w.ownGrid().length() >= length) {
                            rosterCounts.merge(w.ownGrid().substring(0, length), 1L, Long::sum);
                        }
                    }
                }
                for (GridSummary g : units) {
                    PatrolFigures p = level.hasPatrol()
                            ? days.getOrDefault(g.code(), PatrolFigures.NONE).withRoster(rosterCounts.getOrDefault(g.code(), 0L), elapsed)
                            : null;
                    rows.add(new ReportRow(g.code(), g.name(), null, byGrid.getOrDefault(g.code(), CaseAnalyticsRepository.Figures.none(g.code())),
                            p, null, null, null, null));
                }
            }
        }
        return rows;
    }

    private void limit(int rows, ReportLevel level) {
        if (rows > config.maxRows()) {
            throw ApiException.badParameter("level", "a " + level.key() + " report of this scope has " + rows
                    + " rows, more than the limit of " + config.maxRows() + "; choose a smaller scope");
        }
    }

    /** The groups of a figures list (the first, the total, left out) by key. */
    private static Map<String, CaseAnalyticsRepository.Figures> keyed(List<CaseAnalyticsRepository.Figures> figures) {
        Map<String, CaseAnalyticsRepository.Figures> out = new HashMap<>();
        for (CaseAnalyticsRepository.Figures f : figures.subList(1, figures.size())) {
            if (f.key() != null) {
                out.put(f.key(), f);
            }
        }
        return out;
    }
}
