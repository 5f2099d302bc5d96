package cn.yiwang.planner;

import java.util.Objects;

import org.locationtech.jts.geom.Geometry;

import io.micronaut.core.annotation.Nullable;

/**
 * One child grid as a draft holds it: code, name, kind, the code of the grid it belongs to (the
 * draft's parent, or for a draft over grandchildren their own parent), and its boundary, a
 * Polygon or MultiPolygon in EPSG:4326. Immutable (the geometry is not copied: do not mutate it).
 */
public record DraftChild(String code, String name, @Nullable String kind, String parentCode, Geometry geometry) {

    public DraftChild {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(parentCode, "parentCode");
        Objects.requireNonNull(geometry, "geometry");
    }

    public DraftChild withGeometry(Geometry g) {
        return new DraftChild(code, name, kind, parentCode, g);
    }

    public DraftChild withCode(String newCode, String newName) {
        return new DraftChild(newCode, newName, kind, parentCode, geometry);
    }

    /** Same code, name, kind, parent and (normalized, exactly equal) boundary. */
    public boolean sameAs(DraftChild other) {
        return code.equals(other.code) && name.equals(other.name) && Objects.equals(kind, other.kind)
                && parentCode.equals(other.parentCode) && geometry.norm().equalsExact(other.geometry.norm());
    }
}
