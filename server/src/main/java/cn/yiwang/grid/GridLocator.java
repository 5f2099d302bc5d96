package cn.yiwang.grid;

import java.util.List;
import java.util.Optional;

/**
 * Finds the micro grid (and special grids) at a point given in EPSG:4326 degrees (lon, lat).
 * Implementations are immutable and thread-safe.
 */
public interface GridLocator {

    /** A located micro grid: {@code snappedMeters} is 0 when the point lies inside it. */
    record Hit(String code, double snappedMeters) {
    }

    /** The micro grid covering the point (smallest code on shared edges), or the nearest within {@code snapMeters}. */
    Optional<Hit> locateMicro(double lon, double lat, double snapMeters);

    /** Codes of the special grids covering the point, ascending. */
    List<String> locateSpecial(double lon, double lat);
}
