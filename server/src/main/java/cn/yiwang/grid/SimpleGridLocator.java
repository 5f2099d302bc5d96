package cn.yiwang.grid;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;

/**
 * Brute-force reference {@link GridLocator} (inside/boundary only, no snapping): every grid is
 * tested with {@code covers}. Tests compare {@link IndexedGridLocator} against it.
 */
public final class SimpleGridLocator implements GridLocator {

    private static final GeometryFactory FACTORY = new GeometryFactory();
    private final TreeMap<String, Geometry> micro;
    private final TreeMap<String, Geometry> special;

    public SimpleGridLocator(Map<String, Geometry> microGrids, Map<String, Geometry> specialGrids) {
        this.micro = new TreeMap<>(microGrids);
        this.special = new TreeMap<>(specialGrids);
    }

    @Override
    public Optional<Hit> locateMicro(double lon, double lat, double snapMeters) {
        Point p = FACTORY.createPoint(new Coordinate(lon, lat));
        return micro.entrySet().stream().filter(e -> e.getValue().covers(p)).findFirst().map(e -> new Hit(e.getKey(), 0));
    }

    @Override
    public List<String> locateSpecial(double lon, double lat) {
        Point p = FACTORY.createPoint(new Coordinate(lon, lat));
        return special.entrySet().stream().filter(e -> e.getValue().covers(p)).map(Map.Entry::getKey).toList();
    }
}
