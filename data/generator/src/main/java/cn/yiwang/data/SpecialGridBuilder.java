package cn.yiwang.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.locationtech.jts.algorithm.construct.MaximumInscribedCircle;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Places example special grids (专属网格): one hospital, two schools and one mall per district,
 * each a rotated rectangle 150–400 m on a side lying wholly inside one dense level-2 grid (the
 * rectangle is centred on the level-2 grid's maximum inscribed circle and fits inside that
 * circle). They are made up, so their names say "示例" (example). Code: level-2 code + "S" + two
 * digits. Thread-safe; the random state passed in must not be shared.
 */
final class SpecialGridBuilder {
    static final double MIN_SIDE_METERS = 150;
    static final double MAX_SIDE_METERS = 400;

    private record Spec(String kind, String name) {
    }

    private static final List<Spec> PER_DISTRICT = List.of(
            new Spec("hospital", "医院专属网格（示例）"),
            new Spec("school", "学校专属网格（示例一）"),
            new Spec("school", "学校专属网格（示例二）"),
            new Spec("mall", "商场专属网格（示例）"));

    private SpecialGridBuilder() {
    }

    /** @param level2 the level-2 grids of one district, in code order */
    static List<GridRecord> build(List<GridRecord> level2, DensityField density, SplittableRandom random) {
        // Candidates: the densest quarter of the level-2 grids that can hold a 150 m square.
        List<GridRecord> dense = new ArrayList<>(level2);
        dense.sort(Comparator.<GridRecord>comparingDouble(r -> -densityAt(r.geometry(), density))
                .thenComparing(GridRecord::code));
        dense = new ArrayList<>(dense.subList(0, Math.max(PER_DISTRICT.size(), dense.size() / 4)));
        for (int i = dense.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            GridRecord t = dense.get(i);
            dense.set(i, dense.get(j));
            dense.set(j, t);
        }
        List<GridRecord> out = new ArrayList<>();
        for (GridRecord host : dense) {
            if (out.size() == PER_DISTRICT.size()) {
                break;
            }
            Spec spec = PER_DISTRICT.get(out.size());
            Polygon rectangle = rectangleInside(host.geometry(), random);
            if (rectangle != null) {
                out.add(new GridRecord(host.code() + "S01", spec.name(), GridLevel.SPECIAL, host.code(),
                        rectangle, true, spec.kind()));
            }
        }
        out.sort(Comparator.comparing(GridRecord::code));
        return out;
    }

    private static double densityAt(Polygon p, DensityField density) {
        Point c = p.getCentroid();
        return density.at(c.getX(), c.getY());
    }

    /** A rotated rectangle inside {@code host}, or null if the host cannot hold the smallest one. */
    private static Polygon rectangleInside(Polygon host, SplittableRandom random) {
        MaximumInscribedCircle mic = new MaximumInscribedCircle(host, 1e-6);
        Coordinate centre = mic.getCenter().getCoordinate();
        double mx = DensityField.metersPerDegreeLon(centre.y);
        double my = DensityField.METERS_PER_DEGREE_LAT;
        // The circle radius in metres, measured conservatively along the shorter degree.
        double radiusMeters = mic.getRadiusLine().getLength() * Math.min(mx, my) * 0.95;
        double maxSide = Math.min(MAX_SIDE_METERS, radiusMeters * Math.sqrt(2));
        if (maxSide < MIN_SIDE_METERS) {
            return null;
        }
        double width = MIN_SIDE_METERS + random.nextDouble() * (maxSide - MIN_SIDE_METERS);
        double maxHeight = Math.min(MAX_SIDE_METERS, Math.sqrt(4 * radiusMeters * radiusMeters - width * width));
        double height = MIN_SIDE_METERS + random.nextDouble() * Math.max(0, maxHeight - MIN_SIDE_METERS);
        double angle = random.nextDouble() * Math.PI / 2;
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double[][] corners = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}};
        Coordinate[] ring = new Coordinate[5];
        for (int i = 0; i < 4; i++) {
            double u = corners[i][0] * width / 2;
            double v = corners[i][1] * height / 2;
            double east = u * cos - v * sin;
            double north = u * sin + v * cos;
            ring[i] = new Coordinate(centre.x + east / mx, centre.y + north / my);
        }
        ring[4] = ring[0];
        Polygon rectangle = SourceData.FACTORY.createPolygon(ring);
        return host.covers(rectangle) ? rectangle : null;
    }
}
