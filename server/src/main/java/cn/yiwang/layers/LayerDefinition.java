package cn.yiwang.layers;

import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * One map layer: what it is called, where its features come from, and how it is drawn and tiled.
 * Every value is a constant of {@link LayerRegistry}; a request only selects a layer by its
 * {@code id}, so no SQL text ever comes from user input.
 *
 * @param id             the id in URLs ({@code /tiles/grids-micro/…}) and the MVT layer name
 * @param title          Chinese and English titles
 * @param geometryType   what the features are
 * @param sourceSql      a {@code SELECT} yielding the column {@code geom} (EPSG:4326) and one column
 *                       per attribute, named as the attribute; tiles wrap it as a subquery, and
 *                       PostgreSQL pushes the tile's bounding-box filter into it so the GiST index
 *                       of the underlying table is used
 * @param minZoom        the first zoom with tiles; below it a tile is empty (204), which keeps tiles
 *                       small where the features would be sub-pixel
 * @param maxZoom        the last zoom clients need to fetch (they overzoom beyond); deeper tiles up to
 *                       {@code TileMath.MAX_ZOOM} are still served
 * @param attributes     the feature properties in tiles, in order
 * @param featureOrder   a unique key of the source (a column name) the features are written in, so
 *                       that the same rows give byte-identical tiles — and ETags — whatever their
 *                       physical order, and overlapping features draw in a stable order
 * @param simplification Douglas–Peucker tolerance per zoom, in tile units (1/4096 of a tile side),
 *                       applied before {@code ST_AsMVTGeom} snaps to its 4096 grid
 * @param publicRead     {@code true} when the features hold no personal data: anonymous callers may
 *                       read the layer when {@code yiwang.security.public-grid-read} is on (its
 *                       paths must then be listed in {@code PublicGridReadRule} too) and tiles are
 *                       {@code Cache-Control: public}; {@code false} keeps it to authenticated
 *                       callers and {@code private} caches
 * @param style          the console's default style
 * @param extrusion      how the 3D view extrudes the features, or {@code null} for a 2D-only layer
 */
public record LayerDefinition(String id, Title title, GeometryType geometryType, String sourceSql,
                              int minZoom, int maxZoom, List<Attribute> attributes, String featureOrder,
                              Simplification simplification, boolean publicRead, Style style,
                              @Nullable Extrusion extrusion) {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    public LayerDefinition {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(geometryType, "geometryType");
        Objects.requireNonNull(sourceSql, "sourceSql");
        Objects.requireNonNull(simplification, "simplification");
        Objects.requireNonNull(style, "style");
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("layer id '" + id + "' must be lower-case letters, digits and '-'");
        }
        if (minZoom < 0 || minZoom > maxZoom || maxZoom > 22) {
            throw new IllegalArgumentException(id + ": zooms must satisfy 0 <= minZoom <= maxZoom <= 22");
        }
        for (Attribute a : attributes) {
            if (!ATTRIBUTE.matcher(a.name()).matches() || a.name().equals("geom")) {
                throw new IllegalArgumentException(id + ": attribute name '" + a.name() + "' is not a plain identifier");
            }
        }
        if (extrusion != null && attributes.stream().noneMatch(a -> a.name().equals(extrusion.heightAttribute()))) {
            throw new IllegalArgumentException(id + ": extrusion height attribute " + extrusion.heightAttribute() + " is not an attribute");
        }
        if (featureOrder == null || !ATTRIBUTE.matcher(featureOrder).matches()) {
            throw new IllegalArgumentException(id + ": featureOrder '" + featureOrder + "' is not a plain identifier");
        }
        attributes = List.copyOf(attributes);
    }

    /** The attribute with this name, or {@code null}. */
    public Attribute attribute(String name) {
        return attributes.stream().filter(a -> a.name().equals(name)).findFirst().orElse(null);
    }

    /** Chinese and English titles. */
    @Serdeable
    public record Title(String zh, String en) {
    }

    /** What the features of a layer are (the MVT geometry type). */
    public enum GeometryType {
        POINT, LINE, POLYGON;

        /** {@code point}, {@code line}, {@code polygon}: the catalog's spelling. */
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Value types as TileJSON's {@code fields} name them. */
    public enum AttributeType {
        STRING("String"), NUMBER("Number"), BOOLEAN("Boolean");

        private final String tileJsonName;

        AttributeType(String tileJsonName) {
            this.tileJsonName = tileJsonName;
        }

        public String tileJsonName() {
            return tileJsonName;
        }
    }

    /** One feature property in tiles. */
    public record Attribute(String name, AttributeType type, String description) {

        public static Attribute string(String name, String description) {
            return new Attribute(name, AttributeType.STRING, description);
        }

        public static Attribute number(String name, String description) {
            return new Attribute(name, AttributeType.NUMBER, description);
        }
    }

    /**
     * Simplification tolerance by zoom, in tile units: the value of the greatest "from zoom" not
     * above the requested zoom; 0 leaves the geometry to {@code ST_AsMVTGeom}'s own snapping.
     * Immutable.
     */
    public record Simplification(NavigableMap<Integer, Double> tileUnitsFromZoom) {

        /** No simplification beyond {@code ST_AsMVTGeom}'s snapping to the tile grid. */
        public static final Simplification NONE = new Simplification(new TreeMap<>(Map.of(0, 0.0)));

        public Simplification {
            if (!tileUnitsFromZoom.containsKey(0)) {
                throw new IllegalArgumentException("a simplification must start at zoom 0");
            }
            tileUnitsFromZoom = java.util.Collections.unmodifiableNavigableMap(new TreeMap<>(tileUnitsFromZoom));
        }

        /** {@code tileUnits} below {@code zoom}, none from {@code zoom} on. */
        public static Simplification below(int zoom, double tileUnits) {
            return new Simplification(new TreeMap<>(Map.of(0, tileUnits, zoom, 0.0)));
        }

        /** The tolerance at zoom {@code z}, in tile units. */
        public double tileUnitsAt(int z) {
            return tileUnitsFromZoom.floorEntry(z).getValue();
        }
    }

    /**
     * The console's default style: the same colours as {@code web/src/levels.js} and the SLD
     * styles in {@code data/styles/}.
     *
     * @param stroke            outline colour (CSS)
     * @param strokeWidthPixels outline width in CSS pixels
     * @param fill              fill colour (CSS)
     * @param lineDash          dash pattern in CSS pixels, or {@code null} for solid
     * @param fillBy            fill colours by the value of one attribute, or {@code null}
     */
    @Serdeable
    public record Style(String stroke, double strokeWidthPixels, String fill, @Nullable List<Integer> lineDash,
                        @Nullable FillBy fillBy) {
    }

    /** Fill colour chosen by an attribute's value; other values keep the style's {@code fill}. */
    @Serdeable
    public record FillBy(String attribute, Map<String, String> colors) {
    }

    /**
     * 3D: footprints extruded to the height in {@code heightAttribute}.
     *
     * @param type            {@code extrusion} (the only kind so far)
     * @param heightAttribute the attribute holding the height above ground
     * @param unit            the unit of that height, {@code m}
     */
    @Serdeable
    public record Extrusion(String type, String heightAttribute, String unit) {

        /** Extrusion to a height in metres held by {@code attribute}. */
        public static Extrusion byHeightMeters(String attribute) {
            return new Extrusion("extrusion", attribute, "m");
        }
    }
}
