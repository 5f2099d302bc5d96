package cn.yiwang.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Location;

/**
 * Picks where a simulated case happens: a micro grid with probability proportional to the
 * households of its buildings (plus {@value #BASE_HOUSEHOLDS} so grids without homes — parks,
 * markets, roads — still see street cases), then a point uniformly inside that micro grid (street
 * cases) or inside one of its buildings' footprints picked by households (building cases), with a
 * made-up but readable address.
 *
 * <p>Input geometries are EPSG:4326 (lon/lat) as the server's OGC API serves them. A returned point
 * always lies inside its micro grid's polygon: it is drawn inside the grid (or inside a footprint,
 * which the building generator keeps inside its grid) and checked with a point-in-area locator. Grid
 * codes follow the district's scheme (the level-1 grid is the first 9 digits, the level-2 grid
 * the first 12). Immutable after construction and thread-safe when each caller passes its own random.
 */
public final class LocationSampler {

    static final int BASE_HOUSEHOLDS = 10;
    private static final int MAX_TRIES = 500;
    private static final String EXAMPLE_MARK = "（示例）";

    /** A micro grid: code, name, parent (level-3) code and its polygon. */
    public record MicroGrid(String code, String name, String parentCode, Geometry geometry) {
    }

    /** A building: id, name, compound (may be null), households, the micro grid holding it and its footprint. */
    public record Building(String id, String name, String compound, int households, String microCode, Geometry footprint) {
    }

    /** Where a case happens: WGS84 point, the micro and level-3 grids, an address and a short place name for titles. */
    public record Place(double lon, double lat, String microCode, String l3Code, String address, String shortName) {
    }

    private record Cell(MicroGrid grid, IndexedPointInAreaLocator locator, List<Building> buildings, double[] buildingCumulative) {
    }

    private final List<Cell> cells;
    private final double[] cumulative;
    private final Map<String, String> names;
    private final String districtName;

    /**
     * @param micro        the micro grids (at least one)
     * @param buildings    buildings (any; those of unknown micro grids are ignored)
     * @param names        grid code → name for the level-1 and level-2 grids (for addresses)
     * @param districtName the district's name, first in every address
     */
    public LocationSampler(List<MicroGrid> micro, List<Building> buildings, Map<String, String> names, String districtName) {
        if (micro.isEmpty()) {
            throw new IllegalArgumentException("no micro grids to place cases in");
        }
        Map<String, List<Building>> byGrid = new HashMap<>();
        for (Building b : buildings) {
            byGrid.computeIfAbsent(b.microCode(), k -> new ArrayList<>()).add(b);
        }
        List<MicroGrid> sorted = new ArrayList<>(micro);
        sorted.sort(Comparator.comparing(MicroGrid::code));
        List<Cell> cs = new ArrayList<>();
        double[] cum = new double[sorted.size()];
        double total = 0;
        for (int i = 0; i < sorted.size(); i++) {
            MicroGrid g = sorted.get(i);
            List<Building> bs = byGrid.getOrDefault(g.code(), List.of());
            bs = bs.stream().sorted(Comparator.comparing(Building::id)).toList();
            double[] bc = new double[bs.size()];
            double households = 0;
            double running = 0;
            for (int j = 0; j < bs.size(); j++) {
                households += bs.get(j).households();
                // Buildings without households (shops, schools) still draw some cases: weight 1.
                running += Math.max(1, bs.get(j).households());
                bc[j] = running;
            }
            total += households + BASE_HOUSEHOLDS;
            cum[i] = total;
            cs.add(new Cell(g, new IndexedPointInAreaLocator(g.geometry()), bs, bc));
        }
        this.cells = Collections.unmodifiableList(cs);
        this.cumulative = cum;
        this.names = Map.copyOf(names);
        this.districtName = districtName;
    }

    public int microGridCount() {
        return cells.size();
    }

    /** A place for a case; {@code atBuilding} asks for a point in a building when the grid has one. */
    public Place sample(RandomGenerator random, boolean atBuilding) {
        Cell cell = cells.get(pick(cumulative, random.nextDouble() * cumulative[cumulative.length - 1]));
        MicroGrid g = cell.grid();
        String prefix = districtName + names.getOrDefault(prefix(g.code(), 9), "") + names.getOrDefault(prefix(g.code(), 12), "");
        String community = names.getOrDefault(prefix(g.code(), 12), g.name());
        if (atBuilding && !cell.buildings().isEmpty()) {
            double[] bc = cell.buildingCumulative();
            Building b = cell.buildings().get(pick(bc, random.nextDouble() * bc[bc.length - 1]));
            Coordinate p = pointIn(b.footprint(), new IndexedPointInAreaLocator(b.footprint()), random);
            if (p != null && cell.locator().locate(p) == Location.INTERIOR) {
                String place = b.compound() != null ? strip(b.compound()) : strip(b.name());
                return new Place(p.x, p.y, g.code(), g.parentCode(), prefix + b.name(), place);
            }
        }
        Coordinate p = pointIn(g.geometry(), cell.locator(), random);
        if (p == null) {
            p = g.geometry().getInteriorPoint().getCoordinate();
        }
        Building near = nearest(cell.buildings(), p);
        String address = near == null ? prefix + g.name() + "内"
                : prefix + (near.compound() != null ? near.compound() : near.name()) + "附近";
        return new Place(p.x, p.y, g.code(), g.parentCode(), address, community);
    }

    private static Coordinate pointIn(Geometry area, IndexedPointInAreaLocator locator, RandomGenerator random) {
        Envelope e = area.getEnvelopeInternal();
        for (int i = 0; i < MAX_TRIES; i++) {
            Coordinate c = new Coordinate(e.getMinX() + random.nextDouble() * e.getWidth(), e.getMinY() + random.nextDouble() * e.getHeight());
            if (locator.locate(c) == Location.INTERIOR) {
                return c;
            }
        }
        return null;
    }

    private static Building nearest(List<Building> buildings, Coordinate p) {
        Building best = null;
        double bestD = Double.MAX_VALUE;
        for (Building b : buildings) {
            double d = b.footprint().getCentroid().getCoordinate().distance(p);
            if (d < bestD) {
                bestD = d;
                best = b;
            }
        }
        return best;
    }

    /** The first index whose cumulative weight exceeds {@code x}. */
    static int pick(double[] cumulative, double x) {
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > x) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private static String prefix(String code, int length) {
        return code.length() >= length ? code.substring(0, length) : code;
    }

    private static String strip(String name) {
        return name.replace(EXAMPLE_MARK, "");
    }
}
