package cn.yiwang.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Generates the grid hierarchy of Zhengzhou for demos and benchmarks: the real district
 * polygons, the real street offices / towns (level 1) and communities / villages (level 2) with
 * their official codes and names, and made-up level-3 and micro grids, plus a few example
 * special grids.
 *
 * <p><b>Everything below the district boundary is invented</b> ({@link GridRecord#generated()}
 * is true): level-1 and level-2 boundaries are not the official ones, only their codes and names
 * are real. Real deployments import the official grids instead.
 *
 * <p>Contract:
 * <ul>
 *   <li>Geometry: single valid {@link Polygon}s in EPSG:4326 (x = longitude, y = latitude,
 *       degrees), SRID 4326.</li>
 *   <li>Order: parent before child: all districts, then all level-1, level-2, level-3, micro and
 *       special grids, each level sorted by code.</li>
 *   <li>Nesting and tiling: every child is covered by its parent; the children of a parent
 *       cover it without gaps or overlaps (up to floating-point rounding at the 1e-9 relative
 *       level). Special grids overlay the normal ones and are not part of the tiling.</li>
 *   <li>Codes: level 3 = level-2 code + 3 digits, micro = level-3 code + 3 digits, numbered in
 *       rows north to south and west to east within a row ({@link ReadingOrder}). Level-2 codes
 *       are also handed out in that order inside their level-1 grid.</li>
 *   <li>Counts: level 3 and micro totals are fixed ({@link #ERQI_LEVEL3_COUNT} …) and shared
 *       among parents by area × density (largest remainder, at least one each), so grids are
 *       small in the old city and large in the countryside.</li>
 *   <li>Determinism: the same seed gives the same records, byte for byte in WKT, whatever the
 *       number of threads (each parent is cut with its own random stream derived from the seed
 *       and its code).</li>
 * </ul>
 *
 * <p>Thread-safe: the static methods share no mutable state. They use the common fork-join pool
 * to cut parents in parallel.
 */
public final class GridGenerator {
    /** The seed the demo data is generated with. */
    public static final long DEFAULT_SEED = 20261122L;

    /** 二七区 totals (Zhengzhou city administration figures). */
    public static final int ERQI_LEVEL3_COUNT = 846;
    public static final int ERQI_MICRO_COUNT = 5657;
    /** Whole-city totals for the 12 districts. */
    public static final int CITY_LEVEL3_COUNT = 19_582;
    public static final int CITY_MICRO_COUNT = 47_188;


    private GridGenerator() {
    }

    /** The hierarchy of 二七区 (Erqi) only. */
    public static List<GridRecord> erqi(long seed) {
        SourceData sources = SourceData.get();
        return generate(seed, List.of(sources.district(ErqiAnchors.ERQI)), DensityField.ERQI,
                ERQI_LEVEL3_COUNT, ERQI_MICRO_COUNT);
    }

    /** The hierarchy of all 12 districts of Zhengzhou. */
    public static List<GridRecord> city(long seed) {
        return generate(seed, SourceData.get().districts(), DensityField.CITY, CITY_LEVEL3_COUNT, CITY_MICRO_COUNT);
    }

    private static List<GridRecord> generate(long seed, List<SourceData.District> districts, DensityField density,
                                             int level3Count, int microCount) {
        SourceData sources = SourceData.get();
        PolygonPartitioner partitioner = new PolygonPartitioner(density, SourceData.FACTORY);

        List<GridRecord> districtRecords = districts.stream()
                .map(d -> new GridRecord(d.code(), d.name(), GridLevel.DISTRICT, null, (Polygon) d.geometry().copy(),
                        false, null))
                .toList();

        Map<String, List<SourceData.Division>> level1ByParent = groupByParent(sources.level1());
        Map<String, List<SourceData.Division>> level2ByParent = groupByParent(sources.level2());

        List<GridRecord> level1 = inParallel(districtRecords, d ->
                level1Of(d, level1ByParent.getOrDefault(d.code(), List.of()), partitioner, density,
                        random(seed, 1, d.code())));
        List<GridRecord> level2 = inParallel(level1, l1 ->
                level2Of(l1, level2ByParent.getOrDefault(l1.code(), List.of()), partitioner, random(seed, 2, l1.code())));

        int[] level3PerParent = CountAllocator.allocate(level3Count, masses(level2, density));
        List<GridRecord> level3 = inParallel(IntStream.range(0, level2.size()).boxed().toList(), i -> {
            GridRecord parent = level2.get(i);
            return numberedChildren(parent, GridLevel.L3, level3PerParent[i], partitioner,
                    random(seed, 3, parent.code()), k -> parent.name() + "第" + k + "网格");
        });

        int[] microPerParent = CountAllocator.allocate(microCount, masses(level3, density));
        List<GridRecord> micro = inParallel(IntStream.range(0, level3.size()).boxed().toList(), i -> {
            GridRecord parent = level3.get(i);
            return numberedChildren(parent, GridLevel.MICRO, microPerParent[i], partitioner,
                    random(seed, 4, parent.code()), k -> parent.name() + k + "号微网格");
        });

        List<GridRecord> special = new ArrayList<>();
        for (GridRecord d : districtRecords) {
            List<GridRecord> own = level2.stream().filter(r -> r.code().startsWith(d.code())).toList();
            special.addAll(SpecialGridBuilder.build(own, density, random(seed, 5, d.code())));
        }

        List<GridRecord> all = new ArrayList<>();
        for (List<GridRecord> level : List.of(districtRecords, level1, level2, level3, micro, special)) {
            List<GridRecord> sorted = new ArrayList<>(level);
            sorted.sort(Comparator.comparing(GridRecord::code));
            all.addAll(sorted);
        }
        return List.copyOf(all);
    }

    private static List<GridRecord> level1Of(GridRecord district, List<SourceData.Division> divisions,
                                             PolygonPartitioner partitioner, DensityField density,
                                             SplittableRandom random) {
        if (divisions.isEmpty()) {
            throw new IllegalStateException("no level-1 divisions for district " + district.code());
        }
        List<SourceData.Division> ordered = new ArrayList<>(divisions);
        List<Polygon> cells;
        if (ordered.stream().allMatch(d -> ErqiAnchors.BY_LEVEL1_CODE.containsKey(d.code()))) {
            List<List<Coordinate>> anchors = ordered.stream().map(d -> ErqiAnchors.BY_LEVEL1_CODE.get(d.code())).toList();
            cells = partitioner.partitionAroundAnchors(district.geometry(), anchors);
        } else {
            // No known positions: equal-mass cells, the densest ones go to street offices,
            // the sparse ones to towns, townships and scenic areas.
            List<Polygon> raw = partitioner.partition(district.geometry(), ordered.size(), random);
            Integer[] byDensity = IntStream.range(0, raw.size()).boxed().toArray(Integer[]::new);
            double[] cellDensity = raw.stream().mapToDouble(p -> densityAtCentroid(p, density)).toArray();
            Arrays.sort(byDensity, Comparator.<Integer>comparingDouble(i -> -cellDensity[i]).thenComparingInt(i -> i));
            ordered.sort(Comparator.comparingInt((SourceData.Division d) -> urbanRank(d.name()))
                    .thenComparing(SourceData.Division::code));
            cells = new ArrayList<>();
            for (Integer i : byDensity) {
                cells.add(raw.get(i));
            }
        }
        List<GridRecord> out = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            SourceData.Division d = ordered.get(i);
            out.add(new GridRecord(d.code(), d.name(), GridLevel.L1, district.code(), cells.get(i), true, null));
        }
        return out;
    }

    private static List<GridRecord> level2Of(GridRecord level1, List<SourceData.Division> divisions,
                                             PolygonPartitioner partitioner, SplittableRandom random) {
        if (divisions.isEmpty()) {
            throw new IllegalStateException("no level-2 divisions for " + level1.code());
        }
        List<Polygon> cells = partitioner.partition(level1.geometry(), divisions.size(), random);
        int[] order = ReadingOrder.order(cells);
        List<GridRecord> out = new ArrayList<>();
        for (int k = 0; k < order.length; k++) {
            SourceData.Division d = divisions.get(k);
            out.add(new GridRecord(d.code(), DivisionNames.shortName(d.name()), GridLevel.L2, level1.code(),
                    cells.get(order[k]), true, null));
        }
        return out;
    }

    private static List<GridRecord> numberedChildren(GridRecord parent, GridLevel level, int count,
                                                     PolygonPartitioner partitioner, SplittableRandom random,
                                                     IntFunction<String> name) {
        if (count > 999) {
            throw new IllegalStateException(parent.code() + " would get " + count + " children; codes have 3 digits");
        }
        List<Polygon> cells = partitioner.partition(parent.geometry(), count, random);
        int[] order = ReadingOrder.order(cells);
        List<GridRecord> out = new ArrayList<>(count);
        for (int k = 0; k < order.length; k++) {
            int sequence = k + 1;
            out.add(new GridRecord(parent.code() + String.format("%03d", sequence), name.apply(sequence), level,
                    parent.code(), cells.get(order[k]), true, null));
        }
        return out;
    }

    /** Weights for sharing out children: area in m² × density at the centroid. */
    private static double[] masses(List<GridRecord> parents, DensityField density) {
        return parents.stream().mapToDouble(r ->
                DensityField.areaSquareMeters(r.geometry()) * densityAtCentroid(r.geometry(), density)).toArray();
    }

    private static double densityAtCentroid(Polygon p, DensityField density) {
        Point c = p.getCentroid();
        return density.at(c.getX(), c.getY());
    }

    /** 0 street office, 1 development zone, 2 town, 3 township, 4 scenic area or other. */
    private static int urbanRank(String name) {
        if (name.endsWith("街道")) {
            return 0;
        }
        if (name.endsWith("新区") || name.endsWith("集聚区")) {
            return 1;
        }
        if (name.endsWith("镇")) {
            return 2;
        }
        if (name.endsWith("乡")) {
            return 3;
        }
        return 4;
    }

    private static Map<String, List<SourceData.Division>> groupByParent(List<SourceData.Division> divisions) {
        // Lists keep the code order of the input; the map is only used for lookups.
        return divisions.stream().collect(Collectors.groupingBy(SourceData.Division::parentCode));
    }

    private static <T> List<GridRecord> inParallel(List<T> parents, Function<T, List<GridRecord>> children) {
        return parents.parallelStream().map(children).flatMap(List::stream).toList();
    }

    /** An independent random stream per (seed, level, parent code). */
    static SplittableRandom random(long seed, int level, String code) {
        long h = seed * 0x9E3779B97F4A7C15L + level;
        for (int i = 0; i < code.length(); i++) {
            h = (h ^ code.charAt(i)) * 0x100000001B3L;
        }
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return new SplittableRandom(h);
    }
}
