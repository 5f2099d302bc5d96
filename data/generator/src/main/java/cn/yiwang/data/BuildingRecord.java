package cn.yiwang.data;

import java.util.List;
import java.util.Objects;
import org.locationtech.jts.geom.Polygon;

/**
 * One building footprint with what the grid platform needs to know about it.
 *
 * @param id           unique within the district, 1–64 characters of {@code [0-9A-Za-z_.:-]};
 *                     generated ids are the micro-grid code + "-B" + a 2-digit sequence
 * @param name         display name, or {@code null}
 * @param compound     the residential compound (小区) it belongs to, or {@code null}
 * @param use          one of {@link #USES}
 * @param floors       number of storeys above ground, 1–200
 * @param heightMeters height above ground in metres, &gt; 0 and &lt; 700
 * @param households   number of households living in it, ≥ 0 (0 for non-residential buildings)
 * @param microCode    code of the micro grid holding the footprint's point on surface, or
 *                     {@code null} when not known yet (imports leave it to PostGIS)
 * @param footprint    the footprint in EPSG:4326 (x = longitude, y = latitude, degrees), SRID 4326
 */
public record BuildingRecord(
        String id,
        String name,
        String compound,
        String use,
        int floors,
        double heightMeters,
        int households,
        String microCode,
        Polygon footprint) {

    /** The allowed values of {@link #use()}, as stored in the {@code building.use} column. */
    public static final List<String> USES = List.of("residential", "commercial", "public", "industrial", "other");
    public static final String RESIDENTIAL = "residential";
    public static final String COMMERCIAL = "commercial";
    public static final String PUBLIC = "public";
    public static final String INDUSTRIAL = "industrial";
    public static final String OTHER = "other";

    public static final int MIN_FLOORS = 1;
    public static final int MAX_FLOORS = 200;
    /** Exclusive upper bound of {@link #heightMeters()}. */
    public static final double MAX_HEIGHT_METERS = 700;
    /** What the id may contain (the {@code building.id} CHECK constraint). */
    public static final String ID_PATTERN = "[0-9A-Za-z_.:-]{1,64}";

    public BuildingRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(use, "use");
        Objects.requireNonNull(footprint, "footprint");
        if (!id.matches(ID_PATTERN)) {
            throw new IllegalArgumentException("id '" + id + "' does not match " + ID_PATTERN);
        }
        if (!USES.contains(use)) {
            throw new IllegalArgumentException("use '" + use + "' of " + id + " is not one of " + USES);
        }
        if (floors < MIN_FLOORS || floors > MAX_FLOORS) {
            throw new IllegalArgumentException("floors " + floors + " of " + id + " is outside 1–200");
        }
        if (!(heightMeters > 0 && heightMeters < MAX_HEIGHT_METERS)) {
            throw new IllegalArgumentException("height " + heightMeters + " m of " + id + " is outside (0, 700)");
        }
        if (households < 0) {
            throw new IllegalArgumentException("households " + households + " of " + id + " is negative");
        }
    }
}
