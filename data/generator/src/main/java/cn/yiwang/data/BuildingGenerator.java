package cn.yiwang.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * Generates made-up but plausible building footprints for the micro grids of a generated grid
 * hierarchy, for demos and benchmarks. <b>Every building is invented</b>: names and compound
 * names end in "（示例）"; real deployments import their building survey instead.
 *
 * <p>Contract:
 * <ul>
 *   <li>Input: any list of {@link GridRecord}s; only {@link GridLevel#MICRO} grids are used
 *       (codes as {@link GridLevel} describes: the first 9 digits are the level-1 grid, the first
 *       15 the level-3 grid). Other levels are ignored.</li>
 *   <li>Footprints: rotated rectangles in EPSG:4326 (SRID 4326, counter-clockwise), each lying
 *       at least {@value #SETBACK_METERS} m inside its micro grid, so footprints in neighbouring
 *       micro grids are at least twice that apart; within a micro grid two footprints are at
 *       least {@value #MIN_GAP_METERS} m apart, more between tall buildings (a quarter of the
 *       taller one's height). A micro grid too small or too thin for any footprint gets none.</li>
 *   <li>Townscape: a level-1 grid whose micro grids have a median area under
 *       {@value #OLD_TOWN_MAX_MEDIAN_HECTARES} ha is old town (6–9-floor walk-ups, 11–18-floor
 *       slabs and 24–33-floor towers, some shops and public buildings); under
 *       {@value #NEW_TOWN_MAX_MEDIAN_HECTARES} ha new town (slabs and towers); larger ones are
 *       suburbs (2–6-floor apartments and village houses, some workshops). In 二七区 that makes
 *       the thirteen old-city street offices old town, 金水源 new town and 侯寨 / 马寨 suburbs.</li>
 *   <li>Compounds (小区): consecutive micro grids (in code order, i.e. reading order) of one
 *       level-3 grid are grouped by one to three into a compound, which has one residential
 *       building type and one orientation (long side within 15° of east–west, facing south as
 *       Chinese housing does). Only residential buildings carry the compound name.</li>
 *   <li>Households: in every micro grid that has residential buildings they add up to
 *       {@value #MIN_HOUSEHOLDS_PER_MICRO_GRID}–{@value #MAX_HOUSEHOLDS_PER_MICRO_GRID} (the
 *       micro-grid standard), shared in proportion to floors × footprint area, at least one and
 *       at most {@value #MAX_HOUSEHOLDS_PER_FLOOR} × floors per building (floors are raised where
 *       the buildings that fit could not hold the households otherwise). Other uses have 0.</li>
 *   <li>Height: floors × {@value #METERS_PER_FLOOR} m plus 0–1.4 m (roof, ground floor), to
 *       0.1 m.</li>
 *   <li>Ids: micro-grid code + "-B" + 2-digit sequence in reading order (north to south, west to
 *       east) within the micro grid. Output is ordered by id.</li>
 *   <li>Determinism: the same grids and seed give the same records, byte for byte in WKT, on any
 *       number of threads (each compound has its own random stream from the seed and its first
 *       micro-grid code).</li>
 * </ul>
 *
 * <p>For 二七区 ({@code GridGenerator.erqi(DEFAULT_SEED)}) this gives about 15,000 buildings. The
 * local geometry uses an equirectangular frame per micro grid, accurate to well under a metre at
 * micro-grid scale. Thread-safe: no shared mutable state; compounds are built in parallel on the
 * common fork-join pool.
 */
public final class BuildingGenerator {
    public static final int MIN_HOUSEHOLDS_PER_MICRO_GRID = 50;
    public static final int MAX_HOUSEHOLDS_PER_MICRO_GRID = 70;
    public static final int MAX_HOUSEHOLDS_PER_FLOOR = 8;
    public static final double METERS_PER_FLOOR = 3.0;
    static final double SETBACK_METERS = 4.0;
    static final double MIN_GAP_METERS = 8.0;
    static final double OLD_TOWN_MAX_MEDIAN_HECTARES = 2.0;
    static final double NEW_TOWN_MAX_MEDIAN_HECTARES = 2.8;

    private static final int ATTEMPTS_PER_SCALE = 25;
    private static final double[] SCALES = {1.0, 0.8, 0.65};
    private static final double MAX_ROTATION_RADIANS = Math.toRadians(15);
    /** Level numbers 1–5 are taken by {@link GridGenerator}'s random streams. */
    private static final int RANDOM_STREAM_COMPOUND = 6;
    private static final int RANDOM_STREAM_GROUPING = 7;

    enum Townscape { OLD_TOWN, NEW_TOWN, SUBURB }

    /** A kind of building: use, floor range and footprint ranges in metres (width = long side). */
    private record Kind(String use, int minFloors, int maxFloors, double minWidth, double maxWidth,
                        double minDepth, double maxDepth, List<String> names) {
    }

    private static final Kind WALK_UP = residential(6, 9, 40, 60, 11, 13);
    private static final Kind SLAB = residential(11, 18, 30, 45, 15, 17);
    private static final Kind TOWER = residential(24, 33, 24, 32, 20, 24);
    private static final Kind LOW_APARTMENT = residential(3, 6, 25, 40, 11, 13);
    private static final Kind VILLAGE_HOUSE = residential(2, 4, 11, 16, 9, 12);
    private static final Kind SHOPS = new Kind(BuildingRecord.COMMERCIAL, 2, 6, 30, 60, 18, 30,
            List.of("商业楼", "商厦", "购物中心", "酒店", "写字楼"));
    private static final Kind VILLAGE_SHOPS = new Kind(BuildingRecord.COMMERCIAL, 1, 3, 20, 40, 12, 20,
            List.of("超市", "商店", "农贸市场"));
    private static final Kind CIVIC = new Kind(BuildingRecord.PUBLIC, 2, 5, 30, 50, 20, 35,
            List.of("社区服务中心", "幼儿园", "小学", "社区卫生服务站", "文化活动中心"));
    private static final Kind WORKSHOP = new Kind(BuildingRecord.INDUSTRIAL, 1, 3, 40, 80, 25, 45,
            List.of("厂房", "仓库", "物流中心", "加工厂"));

    private static final String NAME_FIRST = "锦华康福瑞祥和泰安盛嘉新兴丰金绿翠春阳明惠润德宏雅怡馨悦美";
    private static final String NAME_SECOND = "庭城府湾居景轩都邦林水山源桥河岸峰";
    private static final List<String> TOWN_SUFFIXES = List.of("家园", "小区", "花园", "苑", "公寓");
    private static final List<String> SUBURB_SUFFIXES = List.of("新村", "家园", "小区", "花园");
    private static final String EXAMPLE = "（示例）";

    private BuildingGenerator() {
    }

    /**
     * Buildings for the micro grids in {@code grids}.
     *
     * @param grids a generated hierarchy or just its micro grids (EPSG:4326, SRID 4326)
     * @param seed  any value; the demo uses {@link GridGenerator#DEFAULT_SEED}
     * @return the buildings ordered by id, an immutable list
     */
    public static List<BuildingRecord> generate(List<GridRecord> grids, long seed) {
        Objects.requireNonNull(grids, "grids");
        List<GridRecord> micro = grids.stream().filter(g -> g.level() == GridLevel.MICRO)
                .sorted(Comparator.comparing(GridRecord::code)).toList();
        Map<String, Townscape> townscapes = townscapes(micro);
        List<List<GridRecord>> compounds = compounds(micro, seed);
        return compounds.parallelStream()
                .map(c -> compound(c, townscapes.get(level1(c.get(0))), seed))
                .flatMap(List::stream)
                .sorted(Comparator.comparing(BuildingRecord::id))
                .toList();
    }

    /** The townscape of each level-1 grid, from the median area of its micro grids. */
    static Map<String, Townscape> townscapes(List<GridRecord> micro) {
        Map<String, List<Double>> hectares = new HashMap<>();
        for (GridRecord g : micro) {
            hectares.computeIfAbsent(level1(g), k -> new ArrayList<>())
                    .add(DensityField.areaSquareMeters(g.geometry()) / 10_000);
        }
        Map<String, Townscape> out = new HashMap<>();
        hectares.forEach((code, areas) -> {
            areas.sort(Double::compare);
            int n = areas.size();
            double median = n % 2 == 1 ? areas.get(n / 2) : (areas.get(n / 2 - 1) + areas.get(n / 2)) / 2;
            out.put(code, median < OLD_TOWN_MAX_MEDIAN_HECTARES ? Townscape.OLD_TOWN
                    : median < NEW_TOWN_MAX_MEDIAN_HECTARES ? Townscape.NEW_TOWN : Townscape.SUBURB);
        });
        return out;
    }

    private static String level1(GridRecord micro) {
        return micro.code().substring(0, Math.min(9, micro.code().length()));
    }

    /** Runs of one to three consecutive micro grids of the same level-3 grid. */
    private static List<List<GridRecord>> compounds(List<GridRecord> micro, long seed) {
        List<List<GridRecord>> out = new ArrayList<>();
        int i = 0;
        while (i < micro.size()) {
            String parent = micro.get(i).parentCode();
            int end = i;
            while (end < micro.size() && micro.get(end).parentCode().equals(parent)) {
                end++;
            }
            SplittableRandom random = GridGenerator.random(seed, RANDOM_STREAM_GROUPING, parent);
            while (i < end) {
                int size = Math.min(end - i, 1 + random.nextInt(3));
                out.add(micro.subList(i, i + size));
                i += size;
            }
        }
        return out;
    }

    /** A building placed in a micro grid's local frame, before numbering. */
    private static final class Placed {
        final Kind kind;
        final Polygon local;
        final double heightExtraMeters;
        final String nonResidentialName;
        int floors;
        int households;

        Placed(Kind kind, Polygon local, int floors, double heightExtraMeters, String nonResidentialName) {
            this.kind = kind;
            this.local = local;
            this.floors = floors;
            this.heightExtraMeters = heightExtraMeters;
            this.nonResidentialName = nonResidentialName;
        }

        double heightMeters() {
            return Math.round((floors * METERS_PER_FLOOR + heightExtraMeters) * 10) / 10.0;
        }

        boolean residential() {
            return kind.use().equals(BuildingRecord.RESIDENTIAL);
        }
    }

    private static List<BuildingRecord> compound(List<GridRecord> micros, Townscape townscape, long seed) {
        SplittableRandom random = GridGenerator.random(seed, RANDOM_STREAM_COMPOUND, micros.get(0).code());
        Kind style = style(townscape, random);
        String base = "" + NAME_FIRST.charAt(random.nextInt(NAME_FIRST.length()))
                + NAME_SECOND.charAt(random.nextInt(NAME_SECOND.length()))
                + pick(townscape == Townscape.SUBURB ? SUBURB_SUFFIXES : TOWN_SUFFIXES, random);
        String compoundName = base + EXAMPLE;
        double angle = (2 * random.nextDouble() - 1) * MAX_ROTATION_RADIANS;
        List<BuildingRecord> out = new ArrayList<>();
        int number = 0;
        for (GridRecord micro : micros) {
            LocalFrame frame = LocalFrame.around(micro.geometry());
            List<Placed> placed = place(frame.toLocal(micro.geometry()), townscape, style, base, angle, random);
            shareHouseholds(placed, random);
            List<Polygon> footprints = placed.stream().map(p -> frame.toDegrees(p.local)).toList();
            int[] order = ReadingOrder.order(footprints);
            for (int k = 0; k < order.length; k++) {
                Placed p = placed.get(order[k]);
                String name = p.residential() ? base + (++number) + "号楼" + EXAMPLE : p.nonResidentialName;
                out.add(new BuildingRecord(micro.code() + "-B" + String.format("%02d", k + 1), name,
                        p.residential() ? compoundName : null, p.kind.use(), p.floors, p.heightMeters(),
                        p.households, micro.code(), footprints.get(order[k])));
            }
        }
        return out;
    }

    private static Kind style(Townscape townscape, SplittableRandom random) {
        double u = random.nextDouble();
        return switch (townscape) {
            case OLD_TOWN -> u < 0.40 ? WALK_UP : u < 0.75 ? SLAB : TOWER;
            case NEW_TOWN -> u < 0.40 ? SLAB : TOWER;
            case SUBURB -> u < 0.55 ? LOW_APARTMENT : VILLAGE_HOUSE;
        };
    }

    /** Plans a micro grid's buildings and places the ones that fit, largest first. */
    private static List<Placed> place(Polygon local, Townscape townscape, Kind style, String base, double angle,
                                      SplittableRandom random) {
        double hectares = local.getArea() / 10_000;
        List<Kind> kinds = new ArrayList<>();
        int residential = switch (townscape) {
            case OLD_TOWN -> clamp((int) (hectares * 1.2 + random.nextDouble()), 1, 4);
            case NEW_TOWN -> clamp((int) (hectares * 0.7 + random.nextDouble()), 1, 4);
            case SUBURB -> style == VILLAGE_HOUSE
                    ? clamp((int) (hectares * 0.8 + 0.5 + random.nextDouble()), 3, 8)
                    : clamp((int) (hectares * 0.6 + 0.3 + random.nextDouble()), 2, 6);
        };
        for (int i = 0; i < residential; i++) {
            kinds.add(style);
        }
        switch (townscape) {
            case OLD_TOWN -> addWithChance(kinds, random, SHOPS, 0.25, CIVIC, 0.08);
            case NEW_TOWN -> addWithChance(kinds, random, SHOPS, 0.20, CIVIC, 0.10);
            case SUBURB -> {
                addWithChance(kinds, random, VILLAGE_SHOPS, 0.10, CIVIC, 0.05);
                if (random.nextDouble() < 0.12) {
                    kinds.add(WORKSHOP);
                }
            }
        }

        Geometry inner = local.buffer(-SETBACK_METERS);
        List<Placed> placed = new ArrayList<>();
        if (inner.isEmpty()) {
            return placed;
        }
        PreparedGeometry fits = PreparedGeometryFactory.prepare(inner);
        Envelope box = inner.getEnvelopeInternal();
        List<double[]> sizes = new ArrayList<>();
        for (Kind kind : kinds) {
            sizes.add(new double[] {between(kind.minWidth(), kind.maxWidth(), random),
                    between(kind.minDepth(), kind.maxDepth(), random)});
        }
        List<Integer> largestFirst = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            largestFirst.add(i);
        }
        largestFirst.sort(Comparator.<Integer>comparingDouble(i -> -sizes.get(i)[0] * sizes.get(i)[1])
                .thenComparingInt(i -> i));
        for (int i : largestFirst) {
            Kind kind = kinds.get(i);
            int floors = kind.minFloors() + random.nextInt(kind.maxFloors() - kind.minFloors() + 1);
            double heightExtra = Math.floor(random.nextDouble() * 15) / 10;
            boolean residentialKind = kind.use().equals(BuildingRecord.RESIDENTIAL);
            // Shops, schools and workshops follow the compound's grid, sometimes turned a quarter.
            double rotation = residentialKind ? angle : angle + (random.nextBoolean() ? 0 : Math.PI / 2);
            String name = residentialKind ? null : base.substring(0, 2) + pick(kind.names(), random) + EXAMPLE;
            Polygon footprint = fit(fits, box, placed, sizes.get(i), rotation, floors * METERS_PER_FLOOR, random);
            if (footprint != null) {
                placed.add(new Placed(kind, footprint, floors, heightExtra, name));
            }
        }
        return placed;
    }

    private static void addWithChance(List<Kind> kinds, SplittableRandom random, Kind shops, double shopsChance,
                                      Kind civic, double civicChance) {
        if (random.nextDouble() < shopsChance) {
            kinds.add(shops);
        }
        if (random.nextDouble() < civicChance) {
            kinds.add(civic);
        }
    }

    /** A rectangle inside {@code fits} and far enough from those placed, or null after all attempts. */
    private static Polygon fit(PreparedGeometry fits, Envelope box, List<Placed> placed, double[] size,
                               double rotation, double heightMeters, SplittableRandom random) {
        for (double scale : SCALES) {
            double width = size[0] * scale;
            double depth = size[1] * scale;
            for (int attempt = 0; attempt < ATTEMPTS_PER_SCALE; attempt++) {
                double x = box.getMinX() + random.nextDouble() * box.getWidth();
                double y = box.getMinY() + random.nextDouble() * box.getHeight();
                Polygon candidate = rectangle(x, y, width, depth, rotation);
                if (fits.covers(candidate) && farEnough(candidate, heightMeters, placed)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static boolean farEnough(Polygon candidate, double heightMeters, List<Placed> placed) {
        Envelope env = candidate.getEnvelopeInternal();
        for (Placed p : placed) {
            double gap = Math.max(MIN_GAP_METERS, 0.25 * Math.max(heightMeters, p.floors * METERS_PER_FLOOR));
            if (env.distance(p.local.getEnvelopeInternal()) < gap && candidate.distance(p.local) < gap) {
                return false;
            }
        }
        return true;
    }

    /** Counter-clockwise rectangle centred on (x, y), its long side turned {@code rotation} from east. */
    private static Polygon rectangle(double x, double y, double width, double depth, double rotation) {
        double cos = Math.cos(rotation);
        double sin = Math.sin(rotation);
        double[][] corners = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}};
        Coordinate[] ring = new Coordinate[5];
        for (int i = 0; i < 4; i++) {
            double u = corners[i][0] * width / 2;
            double v = corners[i][1] * depth / 2;
            ring[i] = new Coordinate(x + u * cos - v * sin, y + u * sin + v * cos);
        }
        ring[4] = ring[0].copy();
        return SourceData.FACTORY.createPolygon(ring);
    }

    /**
     * Draws the micro grid's households and shares them among its residential buildings in
     * proportion to floors × footprint area (D'Hondt), each at least one and at most
     * {@link #MAX_HOUSEHOLDS_PER_FLOOR} per floor; raises floors, one at a time round the
     * buildings, where the buildings could not hold them all.
     */
    private static void shareHouseholds(List<Placed> placed, SplittableRandom random) {
        List<Placed> homes = placed.stream().filter(Placed::residential).toList();
        if (homes.isEmpty()) {
            return;
        }
        int total = MIN_HOUSEHOLDS_PER_MICRO_GRID
                + random.nextInt(MAX_HOUSEHOLDS_PER_MICRO_GRID - MIN_HOUSEHOLDS_PER_MICRO_GRID + 1);
        int capacity = homes.stream().mapToInt(p -> p.floors * MAX_HOUSEHOLDS_PER_FLOOR).sum();
        for (int i = 0; capacity < total; i = (i + 1) % homes.size()) {
            homes.get(i).floors++;
            capacity += MAX_HOUSEHOLDS_PER_FLOOR;
        }
        for (Placed p : homes) {
            p.households = 1;
        }
        for (int left = total - homes.size(); left > 0; left--) {
            Placed best = null;
            double bestQuotient = -1;
            for (Placed p : homes) {
                if (p.households < p.floors * MAX_HOUSEHOLDS_PER_FLOOR) {
                    double quotient = p.floors * p.local.getArea() / (p.households + 1);
                    if (quotient > bestQuotient) {
                        bestQuotient = quotient;
                        best = p;
                    }
                }
            }
            best.households++;
        }
    }

    private static Kind residential(int minFloors, int maxFloors, double minWidth, double maxWidth,
                                    double minDepth, double maxDepth) {
        return new Kind(BuildingRecord.RESIDENTIAL, minFloors, maxFloors, minWidth, maxWidth, minDepth, maxDepth, List.of());
    }

    private static <T> T pick(List<T> items, SplittableRandom random) {
        return items.get(random.nextInt(items.size()));
    }

    private static double between(double min, double max, SplittableRandom random) {
        return min + random.nextDouble() * (max - min);
    }

    private static int clamp(int v, int min, int max) {
        return Math.max(min, Math.min(max, v));
    }

    /** Metres east / north of a micro grid's centre (equirectangular; fine at a few hundred metres). */
    private record LocalFrame(double lon0, double lat0, double metersPerDegreeLon) {
        static LocalFrame around(Polygon p) {
            Coordinate c = p.getEnvelopeInternal().centre();
            return new LocalFrame(c.x, c.y, DensityField.metersPerDegreeLon(c.y));
        }

        Polygon toLocal(Polygon p) {
            LinearRing shell = ring(p.getExteriorRing().getCoordinates(), true);
            LinearRing[] holes = new LinearRing[p.getNumInteriorRing()];
            for (int i = 0; i < holes.length; i++) {
                holes[i] = ring(p.getInteriorRingN(i).getCoordinates(), true);
            }
            return SourceData.FACTORY.createPolygon(shell, holes);
        }

        Polygon toDegrees(Polygon local) {
            return SourceData.FACTORY.createPolygon(ring(local.getExteriorRing().getCoordinates(), false));
        }

        private LinearRing ring(Coordinate[] in, boolean toLocal) {
            Coordinate[] out = new Coordinate[in.length];
            for (int i = 0; i < in.length; i++) {
                out[i] = toLocal
                        ? new Coordinate((in[i].x - lon0) * metersPerDegreeLon, (in[i].y - lat0) * DensityField.METERS_PER_DEGREE_LAT)
                        : new Coordinate(lon0 + in[i].x / metersPerDegreeLon, lat0 + in[i].y / DensityField.METERS_PER_DEGREE_LAT);
            }
            return SourceData.FACTORY.createLinearRing(out);
        }
    }
}
