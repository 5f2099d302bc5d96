package cn.yiwang.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.IntStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.yiwang.geo.ChinaCoordinateTransformer;
import cn.yiwang.geo.CoordinateSystem;
import cn.yiwang.grid.GridCatalog;
import cn.yiwang.grid.GridRepository;
import cn.yiwang.grid.GridService;
import cn.yiwang.grid.GridSummary;
import cn.yiwang.grid.GridsConfiguration;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/**
 * Routes points to grids in memory: location → micro grid → level 3 → level 2 → level 1 →
 * district, special grids first, snapping within {@code yiwang.grids.snap-meters}, else the ops
 * centre's unassigned queue. With an accuracy radius, the circle's area decides: the point goes to
 * the micro grid holding the largest share of the circle (on a tie, the grid the point itself is
 * in) and the others are listed as alternatives. Points within
 * {@code yiwang.routing.district-boundary-meters} of a district boundary are flagged (三跨).
 *
 * <p>Works on one snapshot per call (or per batch): the {@link GridService} catalog and its
 * {@link GridIndex}, plus the district boundaries read when that catalog first serves a route;
 * a reload of the grids swaps in a new catalog and so a new snapshot. Thread-safe.
 */
@Singleton
public class RoutingService {

    private static final Logger LOG = LoggerFactory.getLogger(RoutingService.class);
    /** Batches at least this large are routed on the common fork-join pool. */
    private static final int PARALLEL_BATCH = 512;
    /** Distance snapped for a point inside a grid; one shared box instead of one per point. */
    private static final Double ZERO = 0.0;

    /** One consistent view; chains are cached per micro id so results share them (and their rendered JSON). */
    private record Snapshot(GridCatalog catalog, GridIndex index, DistrictBoundaryFinder districts,
                            AtomicReferenceArray<List<GridSummary>> chains) {

        List<GridSummary> chain(int id) {
            List<GridSummary> c = chains.get(id);
            if (c == null) {
                c = new ChainList(catalog.chain(index.code(id)));
                chains.set(id, c);
            }
            return c;
        }
    }

    private final GridService grids;
    private final GridRepository repository;
    private final GridsConfiguration gridsConfig;
    private final RoutingConfiguration config;
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>();

    public RoutingService(GridService grids, GridRepository repository, GridsConfiguration gridsConfig, RoutingConfiguration config) {
        this.grids = grids;
        this.repository = repository;
        this.gridsConfig = gridsConfig;
        this.config = config;
    }

    public RoutingConfiguration configuration() {
        return config;
    }

    /**
     * Routes one point.
     *
     * @param lon            longitude in {@code crs}, degrees
     * @param lat            latitude in {@code crs}, degrees
     * @param crs            the coordinate system of lon/lat
     * @param accuracyMeters the location's accuracy radius in metres, or null
     * @throws IllegalArgumentException for a non-finite or out-of-range coordinate, a GCJ-02 or
     *                                  BD-09 point outside China, or a negative or non-finite accuracy
     */
    public RouteResult route(double lon, double lat, CoordinateSystem crs, @Nullable Double accuracyMeters) {
        return route(new RoutePoint(null, lon, lat, crs, accuracyMeters, null));
    }

    /** Routes one point; see {@link #route(double, double, CoordinateSystem, Double)}. */
    public RouteResult route(RoutePoint point) {
        return route(current(), point, null);
    }

    /**
     * Routes every point against the same snapshot, results in input order; large batches use the
     * common fork-join pool.
     *
     * @throws IllegalArgumentException for the first invalid point, its index in the message
     */
    public List<RouteResult> routeAll(List<RoutePoint> points) {
        return routeAll(points, null);
    }

    /**
     * As {@link #routeAll(List)}, and each result says who answers for it (on-duty worker, and by
     * the point's category the department) when {@code responsibility} is given.
     */
    public List<RouteResult> routeAll(List<RoutePoint> points, @Nullable ResponsibilityLookup responsibility) {
        Snapshot s = current();
        RouteResult[] out = new RouteResult[points.size()];
        if (points.size() < PARALLEL_BATCH) {
            for (int i = 0; i < points.size(); i++) {
                out[i] = route(s, points, i, responsibility);
            }
            return Arrays.asList(out);
        }
        // Routed in space-filling-curve order, in contiguous runs per thread: points close together
        // are routed one after the other, so the cells and polygons they need are still in cache.
        int[] order = spatialOrder(points);
        IntStream.range(0, order.length).parallel().forEach(k -> {
            int i = order[k];
            out[i] = route(s, points, i, responsibility);
        });
        return Arrays.asList(out);
    }

    private RouteResult route(Snapshot s, List<RoutePoint> points, int i, @Nullable ResponsibilityLookup responsibility) {
        try {
            return route(s, points.get(i), responsibility);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("points[" + i + "]: " + e.getMessage(), e);
        }
    }

    /**
     * The indices of the points ordered along a Z-order curve over the square around the batch's
     * bounding box (16 bits an axis: cells of ~1 m across a city), ties by index. Non-finite coordinates sort last (they are
     * rejected when routed).
     */
    static int[] spatialOrder(List<RoutePoint> points) {
        int n = points.size();
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            RoutePoint p = points.get(i);
            if (Double.isFinite(p.lon()) && Double.isFinite(p.lat())) {
                minX = Math.min(minX, p.lon());
                maxX = Math.max(maxX, p.lon());
                minY = Math.min(minY, p.lat());
                maxY = Math.max(maxY, p.lat());
            }
        }
        double span = Math.max(maxX - minX, maxY - minY);
        double scale = span > 0 ? 65_535 / span : 0; // one scale for both axes: square cells
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            RoutePoint p = points.get(i);
            long z = 0xFFFF_FFFFL; // last
            if (Double.isFinite(p.lon()) && Double.isFinite(p.lat())) {
                z = interleave((int) ((p.lon() - minX) * scale)) | interleave((int) ((p.lat() - minY) * scale)) << 1;
            }
            keys[i] = z << 31 | i;
        }
        Arrays.sort(keys);
        int[] order = new int[n];
        for (int k = 0; k < n; k++) {
            order[k] = (int) (keys[k] & Integer.MAX_VALUE);
        }
        return order;
    }

    /** The low 16 bits of v spread to the even bits of the result. */
    private static long interleave(int v) {
        long x = v & 0xFFFFL;
        x = (x | x << 8) & 0x00FF_00FFL;
        x = (x | x << 4) & 0x0F0F_0F0FL;
        x = (x | x << 2) & 0x3333_3333L;
        x = (x | x << 1) & 0x5555_5555L;
        return x;
    }

    /**
     * Checks a point without routing it.
     *
     * @return null when valid, else what is wrong, naming the field: {@code lon}, {@code lat},
     *         {@code accuracy} or {@code crs} (GCJ-02 / BD-09 outside China)
     */
    public static Invalid check(double lon, double lat, CoordinateSystem crs, @Nullable Double accuracyMeters) {
        Objects.requireNonNull(crs, "crs");
        if (!Double.isFinite(lon) || lon < -180 || lon > 180) {
            return new Invalid("lon", fmt(lon) + " is not a longitude in [-180, 180]");
        }
        if (!Double.isFinite(lat) || lat < -90 || lat > 90) {
            return new Invalid("lat", fmt(lat) + " is not a latitude in [-90, 90]");
        }
        if ((crs == CoordinateSystem.GCJ02 || crs == CoordinateSystem.BD09) && !ChinaCoordinateTransformer.isInChinaBoundingBox(lon, lat)) {
            return new Invalid("crs", "(" + fmt(lon) + ", " + fmt(lat) + ") lies outside China, where "
                    + crs.code() + " is not defined; send wgs84");
        }
        if (accuracyMeters != null && (!Double.isFinite(accuracyMeters) || accuracyMeters < 0)) {
            return new Invalid("accuracy", fmt(accuracyMeters) + " is not an accuracy radius (metres, 0 or more)");
        }
        return null;
    }

    /** A rejected field of a point and why. */
    public record Invalid(String field, String detail) {
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private RouteResult route(Snapshot s, RoutePoint p, @Nullable ResponsibilityLookup responsibility) {
        Invalid invalid = check(p.lon(), p.lat(), p.crs(), p.accuracyMeters());
        if (invalid != null) {
            throw new IllegalArgumentException(invalid.field() + ": " + invalid.detail());
        }
        double[] wgs = ChinaCoordinateTransformer.toWgs84(p.crs(), p.lon(), p.lat());
        double lon = wgs[0];
        double lat = wgs[1];
        GridIndex index = s.index();
        int covering = index.locate(lon, lat);
        int id = covering;
        Double snapped = id >= 0 ? ZERO : null;
        if (id < 0) {
            id = index.nearest(lon, lat, gridsConfig.snapMeters());
            snapped = id >= 0 ? round(index.distanceMeters(id, lon, lat), 1e3) : null;
        }
        Double probability = null;
        List<RouteResult.Alternative> alternatives = List.of();
        Double accuracy = p.accuracyMeters();
        if (accuracy != null && accuracy > 0 && accuracy <= config.maxAccuracyMeters()) {
            List<GridIndex.Share> shares = index.circleShares(lon, lat, accuracy, covering);
            if (id >= 0) {
                double own = shareOf(shares, id);
                if (!shares.isEmpty() && shares.get(0).fraction() > own) {
                    id = shares.get(0).id();
                    own = shares.get(0).fraction();
                }
                probability = round(own, 1e6);
            }
            List<RouteResult.Alternative> alt = new ArrayList<>(Math.min(shares.size(), config.maxAlternatives()));
            for (int k = 0; k < shares.size(); k++) {
                GridIndex.Share share = shares.get(k);
                if (share.id() != id && alt.size() < config.maxAlternatives()) {
                    alt.add(new RouteResult.Alternative(index.code(share.id()), round(share.fraction(), 1e6)));
                }
            }
            alternatives = alt;
        }
        GridCatalog catalog = s.catalog();
        List<GridSummary> chain = id >= 0 ? s.chain(id) : List.of();
        // The chain's own copy of the code, so that the writer knows it by identity and copies its rendered bytes.
        String micro = id < 0 ? null : chain instanceof ChainList c && !c.isEmpty() ? c.microCode() : index.code(id);
        List<String> specialCodes = index.locateSpecial(lon, lat);
        List<GridSummary> special = specialCodes.isEmpty() ? List.of()
                : specialCodes.stream().map(c -> catalog.get(c).orElseThrow()).toList();
        GridSummary primary = !special.isEmpty() ? special.get(0) : chain.isEmpty() ? null : chain.get(0);
        Double nearMeters = null;
        List<String> nearDistricts = List.of();
        DistrictBoundaryFinder.Near near = s.districts().near(lon, lat);
        if (near != null) {
            nearMeters = round(near.meters(), 1e3);
            String own = chain.isEmpty() ? null : chain.get(chain.size() - 1).code();
            nearDistricts = without(near.districts(), own);
        }
        RouteResult.Responsible who = responsibility == null ? RouteResult.Responsible.NONE
                : responsibility.responsibleFor(chain, p.category());
        return new RouteResult(p.id(), p.category(),
                new RouteResult.Input(p.lon(), p.lat(), p.crs().code(), p.accuracyMeters()),
                new RouteResult.Wgs84(round(lon, 1e9), round(lat, 1e9)), micro != null, micro == null ? RouteResult.UNASSIGNED_QUEUE : null, micro,
                primary, snapped, probability, chain, special, alternatives, nearMeters, nearDistricts,
                who.handlerKind(), who.assignee(), who.department());
    }

    /** Rounds to 1/scale: millimetres, 1e-9° (0.1 mm), probabilities to 1e-6; short numbers in the JSON. */
    private static double round(double v, double scale) {
        return Math.round(v * scale) / scale;
    }

    private static double shareOf(List<GridIndex.Share> shares, int id) {
        for (int i = 0; i < shares.size(); i++) {
            if (shares.get(i).id() == id) {
                return shares.get(i).fraction();
            }
        }
        return 0;
    }

    /** The list without {@code own} (the list itself when it does not hold it). */
    private static List<String> without(List<String> districts, @Nullable String own) {
        int at = own == null ? -1 : districts.indexOf(own);
        if (at < 0) {
            return districts;
        }
        List<String> rest = new ArrayList<>(districts.size() - 1);
        for (int i = 0; i < districts.size(); i++) {
            if (i != at) {
                rest.add(districts.get(i));
            }
        }
        return List.copyOf(rest);
    }

    private Snapshot current() {
        GridCatalog catalog = grids.catalog();
        Snapshot s = snapshot.get();
        if (s != null && s.catalog() == catalog) {
            return s;
        }
        synchronized (this) {
            s = snapshot.get();
            if (s == null || s.catalog() != catalog) {
                if (!(catalog.locator() instanceof GridIndex index)) {
                    throw new IllegalStateException("the grid catalog's locator is not a GridIndex: " + catalog.locator());
                }
                s = new Snapshot(catalog, index, new DistrictBoundaryFinder(repository.geometries("district"), config.districtBoundaryMeters()),
                        new AtomicReferenceArray<>(index.size()));
                snapshot.set(s);
                LOG.info("Routing snapshot: {}", index);
            }
            return s;
        }
    }
}
