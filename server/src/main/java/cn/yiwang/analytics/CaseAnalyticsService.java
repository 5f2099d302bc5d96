package cn.yiwang.analytics;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

import com.uber.h3core.AreaUnit;
import com.uber.h3core.H3Core;
import com.uber.h3core.util.LatLng;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Problem;
import cn.yiwang.calendar.CalendarConfiguration;
import cn.yiwang.category.Category;
import cn.yiwang.category.TaxonomyService;
import cn.yiwang.category.TopCategory;
import cn.yiwang.grid.GridService;
import cn.yiwang.grid.GridSummary;
import cn.yiwang.security.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;

/**
 * The analytics endpoints' work: reads a request body into a selection, checks grid codes against
 * the grid table and the caller's scope, runs the SQL and the statistics, and shapes the answers
 * (plain maps, written as JSON by the controller). Rates use the definitions of the official
 * indicators ({@code CaseIndicators}): closure rate = closed / cases; on-time rate = handled by the
 * deadline / (cases whose deadline has passed − deferred ones); satisfaction = ratings 4–5 / ratings;
 * rates are rounded to 4 decimals and null without a denominator. Average handling time is
 * reported → closed, in hours, over the closed cases. Thread-safe.
 */
@Singleton
public class CaseAnalyticsService {

    /** Fields that may never be grouped by: personal or free text. */
    static final Set<String> PERSONAL_FIELDS = Set.of("reporter", "reporterName", "reporter_name", "reporterPhone", "reporter_phone",
            "phone", "idNumber", "id_number", "description", "title", "address", "photos", "name");

    /** The group-by keys and the SQL expression of each; time keys are filled in per request. */
    static final Set<String> GROUP_KEYS = new TreeSet<>(List.of("district", "l1", "l2", "l3", "micro", "category", "topCategory",
            "channel", "urgency", "status", "day", "week", "month", "hourOfWeekday"));

    static final Set<String> QUERY_FIELDS = Set.of("groupBy", "limit", "offset");
    static final Set<String> HOTSPOT_FIELDS = Set.of("resolution");
    static final Set<String> RECURRING_FIELDS = Set.of("radiusMeters", "minCases");
    static final Set<String> RISING_FIELDS = Set.of("asOf", "minCases");

    static final String STATISTIC = "Getis-Ord Gi* on H3 cells (edge cells scaled to their share inside the area, cells under 25 %"
            + " inside not tested), binary weights over the first ring, two-sided normal p-values, Benjamini-Hochberg false"
            + " discovery rate; bin ±3/±2/±1 = 99/95/90 % confidence";

    /** Cells less inside the study area than this are not tested (their scaled counts are too noisy). */
    static final double MIN_CELL_SHARE = 0.25;

    private static final GeometryFactory GEOMETRY = new GeometryFactory();

    private final CaseAnalyticsRepository repository;
    private final CaseAnalyticIndexService index;
    private final TaxonomyService taxonomy;
    private final GridService grids;
    private final AnalyticsConfiguration config;
    private final ZoneId zone;
    private final H3Core h3;

    public CaseAnalyticsService(CaseAnalyticsRepository repository, CaseAnalyticIndexService index, TaxonomyService taxonomy,
                                GridService grids, AnalyticsConfiguration config, CalendarConfiguration calendar) throws IOException {
        this.repository = repository;
        this.index = index;
        this.taxonomy = taxonomy;
        this.grids = grids;
        this.config = config;
        this.zone = ZoneId.of(calendar.zone());
        this.h3 = H3Core.newInstance();
    }

    /** A reader of the request body, refusing fields other than the selection's and {@code endpointFields}. */
    private CaseSelectionReader reader(Map<String, Object> body, Set<String> endpointFields, Function<Object, String> toJson) {
        return new CaseSelectionReader(body, config, endpointFields, toJson);
    }

    /**
     * After the endpoint has read its own fields: throws what the reader found wrong, checks grid
     * codes (known, of the right level, current when asked so, inside or above the caller's scope),
     * and builds the WHERE clause.
     */
    private CaseSelectionSql resolve(CaseSelectionReader reader, CaseSelection s, Caller caller) {
        reader.finish();
        Map<String, String> levels = new HashMap<>();
        List<String> codes = s.area() instanceof CaseSelection.Grids g ? g.codes()
                : s.area() instanceof CaseSelection.District d ? List.of(d.code()) : List.of();
        if (!codes.isEmpty()) {
            checkGrids(codes, s, caller, levels);
        }
        return new CaseSelectionSql(s, caller, levels, subCategories(s.categories()));
    }

    private CaseSelection selection(CaseSelectionReader reader) {
        return reader.selection(this::knownCategory, repository.dataExtent());
    }

    /** {@code POST /api/analytics/cases/query}. */
    public Map<String, Object> query(Map<String, Object> body, Caller caller, Function<Object, String> toJson) {
        CaseSelectionReader reader = reader(body, QUERY_FIELDS, toJson);
        CaseSelection selection = selection(reader);
        String groupBy = null;
        Object g = reader.raw("groupBy");
        if (g != null) {
            String key = String.valueOf(g);
            if (PERSONAL_FIELDS.contains(key)) {
                reader.error("/groupBy", "'" + key + "' is a personal or free-text field and may not be grouped by; allowed: " + GROUP_KEYS);
            } else if (!GROUP_KEYS.contains(key)) {
                reader.error("/groupBy", "unknown field '" + key + "'; allowed: " + GROUP_KEYS);
            } else {
                groupBy = key;
            }
        }
        int limit = reader.integer("limit", 100, 0, config.maxPageSize());
        int offset = reader.integer("offset", 0, 0, Integer.MAX_VALUE);
        CaseSelectionSql sql = resolve(reader, selection, caller);
        String group = groupBy;
        List<CaseAnalyticsRepository.Figures> figures = index.figures(sql, group)
                .orElseGet(() -> repository.figures(sql, group == null ? null : keyExpression(group, selection)));
        CaseAnalyticsRepository.Figures total = figures.get(0);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("area", areaInfo(selection));
        out.put("total", figuresJson(total, null));
        if (groupBy != null) {
            List<CaseAnalyticsRepository.Figures> groups = figures.subList(1, figures.size());
            if ("topCategory".equals(groupBy)) {
                groups = rollUpToTop(groups);
            }
            String key = groupBy;
            out.put("groupBy", key);
            out.put("groups", groups.stream().map(f -> figuresJson(f, name(key, f.key()))).toList());
        }
        List<Map<String, Object>> features = new ArrayList<>();
        if (limit > 0) {
            List<CaseAnalyticsRepository.Item> items = index.page(sql, limit, offset).map(repository::items)
                    .orElseGet(() -> repository.page(sql, limit, offset));
            for (CaseAnalyticsRepository.Item item : items) {
                features.add(feature(item));
            }
        }
        Map<String, Object> fc = new LinkedHashMap<>();
        fc.put("type", "FeatureCollection");
        fc.put("numberMatched", total.count());
        fc.put("numberReturned", features.size());
        fc.put("limit", limit);
        fc.put("offset", offset);
        fc.put("features", features);
        out.put("cases", fc);
        return out;
    }

    /**
     * Figures of the cases reported in [{@code from}, {@code to}) that were routed into one of the
     * grids {@code gridCodes} (all of level {@code gridLevel}) and lie in the caller's scope, in total (first)
     * and per {@code groupBy}: a grid level ({@code l1}, {@code l2}, {@code l3}, {@code micro},
     * {@code district}), {@code department} (code) or {@code assignee} (user id as text). The same
     * selection and SQL as {@code POST /api/analytics/cases/query}, so the periodic reports
     * ({@code cn.yiwang.report}) and the analysts' figures cannot disagree. The caller checks the
     * grids against the scope beforehand.
     */
    public List<CaseAnalyticsRepository.Figures> periodFigures(Caller caller, List<String> gridCodes, String gridLevel, Instant from,
                                                               Instant to, String groupBy) {
        CaseSelection selection = new CaseSelection(new CaseSelection.Grids(gridCodes), CaseSelection.Boundaries.ROUTED,
                new CaseSelection.TimeRange("reported", from, to), List.of(), List.of(), List.of(), List.of(), null, null);
        Map<String, String> levels = new HashMap<>();
        gridCodes.forEach(code -> levels.put(code, gridLevel));
        CaseSelectionSql sql = new CaseSelectionSql(selection, caller, levels, List.of());
        String key = switch (groupBy) {
            case "department" -> "c.department_code";
            case "assignee" -> "c.assignee_id";
            default -> keyExpression(groupBy, selection);
        };
        return repository.figures(sql, key);
    }

    /** {@code POST /api/analytics/cases/hotspots}: hexagon counts and Gi* bins as a GeoJSON FeatureCollection. */
    public Map<String, Object> hotspots(Map<String, Object> body, Caller caller, Function<Object, String> toJson) {
        CaseSelectionReader reader = reader(body, HOTSPOT_FIELDS, toJson);
        CaseSelection selection = selection(reader);
        int resolution = reader.integer("resolution", 9, 5, 12);
        CaseSelectionSql sql = resolve(reader, selection, caller);
        Geometry study = repository.studyArea(selection.area(), caller.scope());
        double cellM2 = h3.getHexagonAreaAvg(resolution, AreaUnit.m2);
        if (study != null && !study.isEmpty()) {
            double lat = study.getEnvelopeInternal().centre().y;
            double m2 = study.getArea() * 111_320.0 * 111_320.0 * Math.cos(Math.toRadians(lat));
            long estimate = Math.round(m2 / cellM2);
            if (estimate > config.maxHexCells()) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-body", "Invalid request body: /resolution: the area"
                        + " needs about " + estimate + " cells at resolution " + resolution + ", at most " + config.maxHexCells()
                        + " are allowed: choose a coarser resolution",
                        List.of(new Problem.InvalidParam(null, "/resolution", "about " + estimate + " cells, at most " + config.maxHexCells())));
            }
        }
        // Sorted by cell, so that the statistic's sums and the features' order do not depend on the order the points came in.
        Map<Long, Integer> counts = new TreeMap<>();
        if (study != null) {
            for (int i = 0; i < study.getNumGeometries(); i++) {
                if (study.getGeometryN(i) instanceof Polygon poly && !poly.isEmpty()) {
                    for (long cell : h3.polygonToCells(ring(poly.getExteriorRing()), holes(poly), resolution)) {
                        counts.put(cell, 0);
                    }
                }
            }
        }
        double[][] pts = index.points(sql).orElseGet(() -> repository.points(sql));
        int cases = pts[0].length;
        for (int i = 0; i < cases; i++) {
            counts.merge(h3.latLngToCell(pts[1][i], pts[0][i], resolution), 1, Integer::sum);
        }
        // Edge cells hold only part of the study area, so their counts are scaled to a whole cell;
        // a cell less than a quarter inside would be too noisy and is left out of the test.
        Map<Long, Double> values = new LinkedHashMap<>();
        PreparedGeometry inside = study == null || study.isEmpty() ? null : PreparedGeometryFactory.prepare(study);
        for (Map.Entry<Long, Integer> e : counts.entrySet()) {
            double share = inside == null ? 1.0 : shareInside(e.getKey(), inside);
            if (share >= MIN_CELL_SHARE) {
                values.put(e.getKey(), e.getValue() / share);
            }
        }
        GetisOrdHotSpotFinder.Result result = GetisOrdHotSpotFinder.find(values, cell -> h3.gridDisk(cell, 1));
        Map<Long, GetisOrdHotSpotFinder.Cell> tested = new HashMap<>();
        result.cells().forEach(c -> tested.put(c.id(), c));
        List<Map<String, Object>> features = new ArrayList<>();
        int hot = 0;
        int cold = 0;
        for (Map.Entry<Long, Integer> e : counts.entrySet()) {
            GetisOrdHotSpotFinder.Cell c = tested.get(e.getKey());
            int bin = c == null ? 0 : c.bin();
            hot += bin > 0 ? 1 : 0;
            cold += bin < 0 ? 1 : 0;
            if (e.getValue() == 0 && bin == 0) {
                continue;
            }
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("cell", h3.h3ToString(e.getKey()));
            props.put("count", e.getValue());
            props.put("z", c == null ? null : round(c.z(), 3));
            props.put("p", c == null ? null : c.p());
            props.put("bin", bin);
            props.put("confidence", bin == 0 ? null : new int[] {0, 90, 95, 99}[Math.abs(bin)]);
            features.add(Map.of("type", "Feature", "id", h3.h3ToString(e.getKey()), "geometry", hexagon(e.getKey()), "properties", props));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", "FeatureCollection");
        out.put("resolution", resolution);
        out.put("cellAreaSquareMeters", Math.round(cellM2));
        out.put("statistic", STATISTIC);
        out.put("cells", result.n());
        out.put("cases", cases);
        out.put("meanPerCell", round(result.mean(), 4));
        out.put("hotCells", hot);
        out.put("coldCells", cold);
        out.put("area", areaInfo(selection));
        out.put("features", features);
        return out;
    }

    /** {@code POST /api/analytics/cases/recurring}: recurring spots as a GeoJSON FeatureCollection of their centres. */
    public Map<String, Object> recurring(Map<String, Object> body, Caller caller, Function<Object, String> toJson) {
        CaseSelectionReader reader = reader(body, RECURRING_FIELDS, toJson);
        CaseSelection selection = selection(reader);
        double radiusMeters = reader.number("radiusMeters", 50, 1, 1000);
        int minCases = reader.integer("minCases", 3, 2, 1000);
        CaseSelectionSql sql = resolve(reader, selection, caller);
        double lat0 = latitude0(selection, caller);
        List<CaseAnalyticsRepository.Cluster> clusters = repository.clusters(sql, lat0, radiusMeters, minCases, config.maxClusters());
        List<Map<String, Object>> features = new ArrayList<>();
        DateTimeFormatter month = DateTimeFormatter.ofPattern("yyyy-MM").withZone(zone);
        int rank = 0;
        for (CaseAnalyticsRepository.Cluster c : clusters) {
            double lon = 0;
            double lat = 0;
            for (int i = 0; i < c.ids().length; i++) {
                lon += c.lons()[i];
                lat += c.lats()[i];
            }
            lon /= c.ids().length;
            lat /= c.ids().length;
            double radius = 0;
            for (int i = 0; i < c.ids().length; i++) {
                radius = Math.max(radius, meters(lon, lat, c.lons()[i], c.lats()[i]));
            }
            Map<String, Integer> monthly = new TreeMap<>();
            for (Instant t : c.reportedAt()) {
                monthly.merge(month.format(t), 1, Integer::sum);
            }
            List<Map<String, Object>> cases = new ArrayList<>();
            for (int i = 0; i < c.ids().length; i++) {
                cases.add(Map.of("id", c.ids()[i], "code", c.codes()[i], "reportedAt", c.reportedAt()[i].toString()));
            }
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("rank", ++rank);
            props.put("category", c.category());
            props.put("categoryName", name("category", c.category()));
            props.put("count", c.ids().length);
            props.put("radiusMeters", round(radius, 1));
            props.put("firstReportedAt", c.reportedAt()[0].toString());
            props.put("lastReportedAt", c.reportedAt()[c.reportedAt().length - 1].toString());
            props.put("grids", List.of(c.grids()));
            props.put("departments", List.of(c.departments()));
            props.put("monthly", monthly.entrySet().stream().map(e -> Map.of("month", e.getKey(), "count", e.getValue())).toList());
            props.put("cases", cases);
            features.add(Map.of("type", "Feature", "id", rank, "geometry", Map.of("type", "Point", "coordinates", new double[] {lon, lat}),
                    "properties", props));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", "FeatureCollection");
        out.put("radiusMeters", radiusMeters);
        out.put("minCases", minCases);
        out.put("method", "ST_ClusterDBSCAN per sub-category on Web Mercator scaled by cos(" + round(lat0, 4) + "°): ground metres");
        out.put("area", areaInfo(selection));
        out.put("features", features);
        return out;
    }

    /** {@code POST /api/analytics/cases/rising}: sub-categories rising against the area's own 12 weeks before. */
    public Map<String, Object> rising(Map<String, Object> body, Caller caller, Function<Object, String> toJson, Instant now) {
        CaseSelectionReader reader = reader(body, RISING_FIELDS, toJson);
        CaseSelection selection = selection(reader);
        if (reader.raw("time") != null) {
            reader.error("/time", "not used here: the window is the 16 weeks before 'asOf' (4 recent, 12 baseline)");
        }
        Instant requested = reader.instant(reader.raw("asOf"), "/asOf");
        Instant asOf = requested == null ? now : requested;
        int minCases = reader.integer("minCases", 5, 1, 100_000);
        CaseSelectionSql sql = resolve(reader, selection, caller);
        Map<String, int[]> weekly = repository.weekly(sql, asOf, RisingCategoryFinder.WEEKS);
        List<RisingCategoryFinder.Rising> rising = RisingCategoryFinder.find(weekly, minCases, 0.01);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("asOf", asOf.toString());
        out.put("recentWeeks", RisingCategoryFinder.RECENT_WEEKS);
        out.put("baselineWeeks", RisingCategoryFinder.BASELINE_WEEKS);
        out.put("rule", "recent weekly mean > baseline mean + 2 SD and Poisson P(X >= recent | 4 x baseline mean) < 0.01");
        out.put("area", areaInfo(selection));
        out.put("categories", rising.stream().map(x -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("category", x.category());
            m.put("categoryName", name("category", x.category()));
            m.put("recent", x.recent());
            m.put("recentWeeklyMean", round(x.recentWeeklyMean(), 3));
            m.put("baselineWeeklyMean", round(x.baselineWeeklyMean(), 3));
            m.put("baselineWeeklySd", round(x.baselineWeeklySd(), 3));
            m.put("pValue", x.pValue());
            m.put("weekly", x.weekly());
            return m;
        }).toList());
        return out;
    }

    private void checkGrids(List<String> codes, CaseSelection s, Caller caller, Map<String, String> levels) {
        Map<String, CaseAnalyticsRepository.GridRef> known = repository.grids(codes);
        List<Problem.InvalidParam> errors = new ArrayList<>();
        String pointer = s.area() instanceof CaseSelection.District ? "/area/code" : "/area/codes/";
        for (int i = 0; i < codes.size(); i++) {
            String code = codes.get(i);
            String at = pointer.endsWith("/") ? pointer + i : pointer;
            CaseAnalyticsRepository.GridRef g = known.get(code);
            if (g == null) {
                errors.add(new Problem.InvalidParam(null, at, "unknown grid code '" + code + "'"));
            } else if (s.area() instanceof CaseSelection.District && !"district".equals(g.level())) {
                errors.add(new Problem.InvalidParam(null, at, "'" + code + "' is a " + g.level() + " grid, not a district"));
            } else if (s.boundaries() == CaseSelection.Boundaries.CURRENT && !g.current()) {
                errors.add(new Problem.InvalidParam(null, at, "grid '" + code + "' has no current boundary (it was retired); use \"boundaries\": \"routed\""));
            } else {
                levels.put(code, g.level());
            }
        }
        if (!errors.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-body", "Invalid request body: " + errors.get(0).pointer()
                    + ": " + errors.get(0).detail() + (errors.size() > 1 ? " (" + errors.size() + " problems, see errors)" : ""),
                    errors.subList(0, Math.min(errors.size(), 50)));
        }
        for (String code : codes) {
            if (!code.startsWith(caller.scope()) && !caller.scope().startsWith(code)) {
                throw new ApiException(HttpStatus.FORBIDDEN, "/problems/outside-scope", "Grid '" + code + "' lies outside your scope "
                        + caller.scope() + ".", List.of(new Problem.InvalidParam(null, pointer.endsWith("/") ? pointer + codes.indexOf(code) : pointer,
                        "outside the caller's scope")));
            }
        }
    }

    private boolean knownCategory(String code) {
        return taxonomy.snapshot().subCategory(code).isPresent() || taxonomy.snapshot().top(code).isPresent();
    }

    /** Sub-category codes for a list of top and sub codes. */
    private List<String> subCategories(List<String> codes) {
        Set<String> out = new TreeSet<>();
        for (String code : codes) {
            if (taxonomy.snapshot().top(code).isPresent()) {
                taxonomy.snapshot().subCategoriesOf(code).forEach(c -> out.add(c.code()));
            } else {
                out.add(code);
            }
        }
        return List.copyOf(out);
    }

    private String keyExpression(String groupBy, CaseSelection s) {
        String time = s.time() == null ? "c.created_at" : s.time().column();
        String local = time + " AT TIME ZONE '" + zone.getId().replace("'", "") + "'";
        return switch (groupBy) {
            case "district" -> "c.district_code";
            case "l1" -> "c.l1_code";
            case "l2" -> "c.l2_code";
            case "l3" -> "c.l3_code";
            case "micro" -> "c.grid_code";
            case "category", "topCategory" -> "c.category_code";
            case "channel" -> "c.source";
            case "urgency" -> "c.urgency";
            case "status" -> "c.status";
            case "day" -> "to_char(" + local + ", 'YYYY-MM-DD')";
            case "week" -> "to_char(date_trunc('week', " + local + "), 'YYYY-MM-DD')";
            case "month" -> "to_char(" + local + ", 'YYYY-MM')";
            case "hourOfWeekday" -> "to_char(" + local + ", 'ID-HH24')";
            default -> throw new IllegalArgumentException(groupBy);
        };
    }

    private List<CaseAnalyticsRepository.Figures> rollUpToTop(List<CaseAnalyticsRepository.Figures> bySub) {
        Map<String, CaseAnalyticsRepository.Figures> tops = new TreeMap<>();
        for (CaseAnalyticsRepository.Figures f : bySub) {
            String top = f.key() == null ? "" : taxonomy.snapshot().subCategory(f.key()).map(Category::topCode)
                    .orElse(f.key().contains("-") ? f.key().substring(0, f.key().indexOf('-')) : f.key());
            CaseAnalyticsRepository.Figures keyed = f.withKey(top);
            tops.merge(top, keyed, CaseAnalyticsRepository.Figures::plus);
        }
        return List.copyOf(tops.values());
    }

    private @Nullable String name(String groupBy, @Nullable String key) {
        if (key == null) {
            return null;
        }
        switch (groupBy) {
            case "district", "l1", "l2", "l3", "micro":
                return grids.catalog().get(key).map(GridSummary::name).orElse(null);
            case "category":
                return taxonomy.snapshot().subCategory(key).map(Category::nameZh).orElse(null);
            case "topCategory":
                return taxonomy.snapshot().top(key).map(TopCategory::nameZh).orElse(null);
            default:
                return null;
        }
    }

    static Map<String, Object> figuresJson(CaseAnalyticsRepository.Figures f, @Nullable String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (f.key() != null) {
            m.put("key", f.key());
            m.put("name", name);
        }
        m.put("count", f.count());
        m.put("closed", f.closed());
        m.put("closureRate", rate(f.closed(), f.count()));
        m.put("due", f.due());
        m.put("deferred", f.deferred());
        m.put("onTime", f.onTime());
        m.put("onTimeRate", rate(f.onTime(), f.due() - f.deferred()));
        m.put("averageHandlingHours", f.closed() == 0 ? null : round(f.closeSeconds() / f.closed() / 3600.0, 2));
        m.put("rated", f.rated());
        m.put("satisfactionRate", rate(f.satisfied(), f.rated()));
        m.put("returned", f.returned());
        m.put("reopened", f.reopened());
        return m;
    }

    /** As CaseIndicators: part / whole rounded to 4 decimals, null without a denominator. */
    public static @Nullable Double rate(long part, long whole) {
        return whole <= 0 ? null : Math.round(10_000.0 * part / whole) / 10_000.0;
    }

    private static Map<String, Object> feature(CaseAnalyticsRepository.Item i) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("code", i.code());
        props.put("category", i.category());
        props.put("status", i.status());
        props.put("channel", i.channel());
        props.put("urgency", i.urgency());
        props.put("overdue", i.overdue());
        props.put("sankua", i.sankua());
        props.put("reportedAt", i.reportedAt().toString());
        props.put("closedAt", i.closedAt() == null ? null : i.closedAt().toString());
        props.put("micro", i.micro());
        props.put("l3", i.l3());
        props.put("l2", i.l2());
        props.put("l1", i.l1());
        props.put("department", i.department());
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("type", "Feature");
        f.put("id", i.id());
        f.put("geometry", i.lon() == null ? null : Map.of("type", "Point", "coordinates", new double[] {i.lon(), i.lat()}));
        f.put("properties", props);
        return f;
    }

    private static Map<String, Object> areaInfo(CaseSelection s) {
        Map<String, Object> m = new LinkedHashMap<>();
        CaseSelection.Area a = s.area();
        m.put("type", a instanceof CaseSelection.Polygonal ? "polygon" : a instanceof CaseSelection.Grids ? "grids"
                : a instanceof CaseSelection.Buffer ? "buffer" : a instanceof CaseSelection.District ? "district" : "scope");
        if (a instanceof CaseSelection.Polygonal p) {
            m.put("clipped", p.clipped());
            m.put("empty", p.geometry().isEmpty());
        }
        if (a instanceof CaseSelection.Grids || a instanceof CaseSelection.District) {
            m.put("boundaries", s.boundaries().name().toLowerCase(java.util.Locale.ROOT));
        }
        return m;
    }

    private double latitude0(CaseSelection s, Caller caller) {
        CaseSelection.Area a = s.area();
        if (a instanceof CaseSelection.Polygonal p && !p.geometry().isEmpty()) {
            return p.geometry().getEnvelopeInternal().centre().y;
        }
        if (a instanceof CaseSelection.Buffer b) {
            return b.geometry().getEnvelopeInternal().centre().y;
        }
        String code = a instanceof CaseSelection.Grids g ? g.codes().get(0) : a instanceof CaseSelection.District d ? d.code() : caller.scope();
        Double lat = repository.latitudeOf(code);
        return lat == null ? 0 : lat;
    }

    /** The share of a cell's area inside the study area (planar in lon/lat, which is fine at cell size). */
    private double shareInside(long cell, PreparedGeometry area) {
        List<LatLng> boundary = h3.cellToBoundary(cell);
        Coordinate[] ring = new Coordinate[boundary.size() + 1];
        for (int i = 0; i < boundary.size(); i++) {
            ring[i] = new Coordinate(boundary.get(i).lng, boundary.get(i).lat);
        }
        ring[boundary.size()] = ring[0];
        Polygon hex = GEOMETRY.createPolygon(ring);
        if (area.contains(hex)) {
            return 1.0;
        }
        if (!area.intersects(hex)) {
            return 0.0;
        }
        return hex.intersection(area.getGeometry()).getArea() / hex.getArea();
    }

    private Map<String, Object> hexagon(long cell) {
        List<LatLng> boundary = h3.cellToBoundary(cell);
        List<double[]> ring = new ArrayList<>(boundary.size() + 1);
        for (LatLng ll : boundary) {
            ring.add(new double[] {round(ll.lng, 7), round(ll.lat, 7)});
        }
        ring.add(ring.get(0));
        return Map.of("type", "Polygon", "coordinates", List.of(ring));
    }

    private static List<LatLng> ring(LinearRing r) {
        List<LatLng> out = new ArrayList<>();
        for (Coordinate c : r.getCoordinates()) {
            out.add(new LatLng(c.y, c.x));
        }
        return out;
    }

    private static List<List<LatLng>> holes(Polygon p) {
        List<List<LatLng>> out = new ArrayList<>();
        for (int i = 0; i < p.getNumInteriorRing(); i++) {
            out.add(ring(p.getInteriorRingN(i)));
        }
        return out;
    }

    /** Great-circle distance in metres (spherical Earth, 6,371,008.8 m). */
    static double meters(double lon1, double lat1, double lon2, double lat2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dp = p2 - p1;
        double dl = Math.toRadians(lon2 - lon1);
        double h = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
