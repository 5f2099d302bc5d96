package cn.yiwang.layers.tiles;

import org.locationtech.jts.geom.Envelope;

/**
 * Web Mercator XYZ tile arithmetic (EPSG:3857 tiles, the scheme of OpenStreetMap, Mapbox Vector
 * Tile and PostGIS {@code ST_TileEnvelope}): tile {@code (0, 0)} is the north-west corner, {@code x}
 * grows east, {@code y} grows south, zoom {@code z} has {@code 2^z × 2^z} tiles.
 *
 * <p>Inputs are lon/lat degrees (EPSG:4326). Latitudes beyond ±{@value #MAX_LATITUDE_DEGREES}° (the
 * edge of the Web Mercator square) are clamped to it; longitudes are not wrapped. Because Web
 * Mercator maps meridians and parallels to straight axis-parallel lines, a tile is exactly a
 * lon/lat rectangle and the functions here are exact up to floating point; they agree with
 * {@code ST_Transform(ST_TileEnvelope(z, x, y), 4326)}.
 *
 * <p>Pure functions; thread-safe. Bad arguments (zoom outside 0–{@value #MAX_ZOOM}, tile index
 * outside {@code [0, 2^z)}, non-finite coordinates, negative buffer) throw
 * {@link IllegalArgumentException}.
 */
public final class TileMath {

    /** The deepest zoom served (as most tile servers: about 4 cm per pixel). */
    public static final int MAX_ZOOM = 22;
    /** {@code atan(sinh(π))}: the latitude of the top edge of the Web Mercator square. */
    public static final double MAX_LATITUDE_DEGREES = 85.0511287798066;
    /** Equator length of the WGS84 / Web Mercator sphere, 2π × 6378137 m. */
    public static final double EARTH_CIRCUMFERENCE_METERS = 2 * Math.PI * 6378137.0;
    /**
     * Tolerance in tile units when deciding whether a tile touches an envelope: floating point
     * never drops a tile that PostGIS, computing the same edge another way, would include.
     */
    private static final double EDGE_EPSILON = 1e-9;

    private TileMath() {
    }

    /** Number of tiles along one axis at zoom {@code z}: {@code 2^z}. */
    public static int tilesPerAxis(int z) {
        checkZoom(z);
        return 1 << z;
    }

    /** Fractional tile x of a longitude at zoom {@code z}: 0 at −180°, {@code 2^z} at +180°. */
    public static double tileX(double lonDegrees, int z) {
        checkFinite("lon", lonDegrees);
        return (lonDegrees + 180.0) / 360.0 * tilesPerAxis(z);
    }

    /** Fractional tile y of a latitude at zoom {@code z}: 0 at the north edge, {@code 2^z} at the south edge. */
    public static double tileY(double latDegrees, int z) {
        checkFinite("lat", latDegrees);
        double lat = Math.toRadians(Math.max(-MAX_LATITUDE_DEGREES, Math.min(MAX_LATITUDE_DEGREES, latDegrees)));
        double mercatorY = Math.log(Math.tan(Math.PI / 4 + lat / 2));
        return (1 - mercatorY / Math.PI) / 2 * tilesPerAxis(z);
    }

    /** Longitude of the west edge of tile column {@code x} (x may be {@code 2^z}, the east edge of the world). */
    public static double lon(double tileX, int z) {
        return tileX / tilesPerAxis(z) * 360.0 - 180.0;
    }

    /** Latitude of the north edge of tile row {@code y} (y may be {@code 2^z}, the south edge of the world). */
    public static double lat(double tileY, int z) {
        double n = Math.PI * (1 - 2 * tileY / tilesPerAxis(z));
        return Math.toDegrees(Math.atan(Math.sinh(n)));
    }

    /** The tile holding a point; a point on a tile edge belongs to the tile east / south of it, clamped to the world. */
    public static int[] tileAt(double lonDegrees, double latDegrees, int z) {
        int last = tilesPerAxis(z) - 1;
        int x = (int) Math.floor(tileX(lonDegrees, z));
        int y = (int) Math.floor(tileY(latDegrees, z));
        return new int[] {Math.max(0, Math.min(last, x)), Math.max(0, Math.min(last, y))};
    }

    /** The lon/lat rectangle of tile {@code z/x/y} (minX = west, maxY = north). */
    public static Envelope bounds(int z, int x, int y) {
        checkTile(z, x, y);
        return new Envelope(lon(x, z), lon(x + 1, z), lat(y + 1, z), lat(y, z));
    }

    /**
     * The tiles at zoom {@code z} whose rectangle, grown on every side by {@code bufferFraction} of
     * a tile, intersects (closed: touching counts) the lon/lat envelope {@code lonLat}. With the
     * buffer a tile generator clips and filters with, these are exactly the tiles whose content can
     * depend on anything inside the envelope. Clamped to the world.
     */
    public static TileRange range(Envelope lonLat, int z, double bufferFraction) {
        if (lonLat == null || lonLat.isNull()) {
            throw new IllegalArgumentException("envelope must not be empty");
        }
        if (!(bufferFraction >= 0) || Double.isInfinite(bufferFraction)) {
            throw new IllegalArgumentException("bufferFraction must be a finite number >= 0, got " + bufferFraction);
        }
        int last = tilesPerAxis(z) - 1;
        double grow = bufferFraction + EDGE_EPSILON;
        // Tile i spans [i - b, i + 1 + b]; it meets [a1, a2] when i - b <= a2 and i + 1 + b >= a1.
        int minX = (int) Math.ceil(tileX(lonLat.getMinX(), z) - 1 - grow);
        int maxX = (int) Math.floor(tileX(lonLat.getMaxX(), z) + grow);
        int minY = (int) Math.ceil(tileY(lonLat.getMaxY(), z) - 1 - grow);
        int maxY = (int) Math.floor(tileY(lonLat.getMinY(), z) + grow);
        return new TileRange(z, clamp(minX, last), clamp(minY, last), clamp(maxX, last), clamp(maxY, last));
    }

    /**
     * The largest zoom (at most {@code maxZoom}, at least {@code minZoom}) at which the envelope
     * fits in {@code viewportTiles × viewportTiles} tiles: a sensible initial zoom for a map
     * showing it.
     */
    public static int fitZoom(Envelope lonLat, double viewportTiles, int minZoom, int maxZoom) {
        checkZoom(minZoom);
        checkZoom(maxZoom);
        for (int z = maxZoom; z > minZoom; z--) {
            double width = tileX(lonLat.getMaxX(), z) - tileX(lonLat.getMinX(), z);
            double height = tileY(lonLat.getMinY(), z) - tileY(lonLat.getMaxY(), z);
            if (width <= viewportTiles && height <= viewportTiles) {
                return z;
            }
        }
        return minZoom;
    }

    /** Size of one unit of a tile with {@code extent} units per side, in Web Mercator metres. */
    public static double metersPerTileUnit(int z, int extent) {
        if (extent <= 0) {
            throw new IllegalArgumentException("extent must be positive, got " + extent);
        }
        return EARTH_CIRCUMFERENCE_METERS / tilesPerAxis(z) / extent;
    }

    /** @throws IllegalArgumentException unless {@code 0 <= z <= MAX_ZOOM} and {@code 0 <= x, y < 2^z} */
    public static void checkTile(int z, int x, int y) {
        int n = tilesPerAxis(z);
        if (x < 0 || x >= n) {
            throw new IllegalArgumentException("x " + x + " is outside [0, " + (n - 1) + "] at zoom " + z);
        }
        if (y < 0 || y >= n) {
            throw new IllegalArgumentException("y " + y + " is outside [0, " + (n - 1) + "] at zoom " + z);
        }
    }

    private static void checkZoom(int z) {
        if (z < 0 || z > MAX_ZOOM) {
            throw new IllegalArgumentException("zoom " + z + " is outside [0, " + MAX_ZOOM + "]");
        }
    }

    private static void checkFinite(String name, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be finite, got " + v);
        }
    }

    private static int clamp(int v, int last) {
        return Math.max(0, Math.min(last, v));
    }
}
