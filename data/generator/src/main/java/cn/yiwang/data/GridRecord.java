package cn.yiwang.data;

import java.util.Objects;
import org.locationtech.jts.geom.Polygon;

/**
 * One grid of the hierarchy.
 *
 * @param code       hierarchical grid code (see {@link GridLevel} for the digits per level;
 *                   special grids are the containing level-2 code + "S" + 2 digits)
 * @param name       display name in Chinese
 * @param level      level of the grid
 * @param parentCode code of the parent grid, {@code null} for {@link GridLevel#DISTRICT}; for
 *                   {@link GridLevel#SPECIAL} the level-2 grid the special grid lies in
 * @param geometry   boundary in EPSG:4326, x = longitude, y = latitude in degrees, SRID 4326
 * @param generated  {@code true} when the geometry was invented by the generator (everything
 *                   below the district), {@code false} for the real district boundary
 * @param kind       {@code null}, or for special grids "hospital", "school" or "mall"
 */
public record GridRecord(
        String code,
        String name,
        GridLevel level,
        String parentCode,
        Polygon geometry,
        boolean generated,
        String kind) {

    public GridRecord {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(geometry, "geometry");
        if ((parentCode == null) != (level == GridLevel.DISTRICT)) {
            throw new IllegalArgumentException("parentCode must be null exactly for districts: " + code);
        }
        if ((kind != null) != (level == GridLevel.SPECIAL)) {
            throw new IllegalArgumentException("kind must be set exactly for special grids: " + code);
        }
    }
}
