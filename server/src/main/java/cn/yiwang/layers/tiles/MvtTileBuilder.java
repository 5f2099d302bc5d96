package cn.yiwang.layers.tiles;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes one Mapbox Vector Tile 2.1 layer of point or polygon features, for tiles built in memory
 * rather than by {@code ST_AsMVT} (the case clusters, the micro grids at high zoom). Coordinates are tile units, {@code 0..extent} from the
 * top-left corner; keys and values are shared between features as the specification wants;
 * property values are strings, integers ({@code sint_value}, or {@code uint_value} when not
 * negative, as PostGIS writes them) and booleans. Features are written in the order they are added.
 * Not thread-safe: one builder per tile.
 */
public final class MvtTileBuilder {

    private static final int GEOM_POINT = 1;
    private static final int GEOM_POLYGON = 3;
    private static final int CMD_MOVE_TO_ONE = (1 << 3) | 1;
    private static final int CMD_LINE_TO = 2;
    private static final int CMD_CLOSE_PATH = (1 << 3) | 7;

    private final String layerName;
    private final int extent;
    private final Map<String, Integer> keys = new LinkedHashMap<>();
    private final Map<Object, Integer> values = new LinkedHashMap<>();
    private final ByteArrayOutputStream features = new ByteArrayOutputStream();
    private int featureCount;

    /** @param extent tile side in tile units (4096) */
    public MvtTileBuilder(String layerName, int extent) {
        if (extent <= 0) {
            throw new IllegalArgumentException("extent must be positive, got " + extent);
        }
        this.layerName = layerName;
        this.extent = extent;
    }

    /**
     * Adds a point at tile units {@code (x, y)} with an optional feature id and properties in order;
     * {@code null} property values are left out.
     */
    public void addPoint(Long id, int x, int y, Map<String, ?> properties) {
        ByteArrayOutputStream geometry = new ByteArrayOutputStream();
        varint(geometry, CMD_MOVE_TO_ONE);
        varint(geometry, zigzag(x));
        varint(geometry, zigzag(y));
        add(id, GEOM_POINT, geometry.toByteArray(), properties);
    }

    /**
     * Adds a polygon (or multipolygon) given as rings of tile units {@code {x0, y0, x1, y1, …}},
     * without the closing point. Each exterior ring must be followed by its holes, and the winding
     * must already be the specification's: exterior rings with a positive area by the surveyor's
     * formula in tile coordinates (clockwise on screen, y down), holes negative. A ring needs three
     * points at least.
     */
    public void addPolygon(Long id, List<int[]> rings, Map<String, ?> properties) {
        if (rings.isEmpty()) {
            throw new IllegalArgumentException("a polygon needs a ring");
        }
        ByteArrayOutputStream geometry = new ByteArrayOutputStream();
        int cx = 0;
        int cy = 0;
        for (int[] ring : rings) {
            int n = ring.length / 2;
            if (n < 3 || ring.length % 2 != 0) {
                throw new IllegalArgumentException("a ring needs three points at least, got " + ring.length + " numbers");
            }
            varint(geometry, CMD_MOVE_TO_ONE);
            varint(geometry, zigzag(ring[0] - cx));
            varint(geometry, zigzag(ring[1] - cy));
            cx = ring[0];
            cy = ring[1];
            varint(geometry, ((long) (n - 1) << 3) | CMD_LINE_TO);
            for (int i = 1; i < n; i++) {
                varint(geometry, zigzag(ring[2 * i] - cx));
                varint(geometry, zigzag(ring[2 * i + 1] - cy));
                cx = ring[2 * i];
                cy = ring[2 * i + 1];
            }
            varint(geometry, CMD_CLOSE_PATH);
        }
        add(id, GEOM_POLYGON, geometry.toByteArray(), properties);
    }

    private void add(Long id, int type, byte[] geometry, Map<String, ?> properties) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        if (id != null) {
            if (id < 0) {
                throw new IllegalArgumentException("feature ids are unsigned, got " + id);
            }
            tag(f, 1, 0);
            varint(f, id);
        }
        List<Integer> tags = new ArrayList<>();
        for (Map.Entry<String, ?> p : properties.entrySet()) {
            if (p.getValue() == null) {
                continue;
            }
            tags.add(keys.computeIfAbsent(p.getKey(), k -> keys.size()));
            tags.add(values.computeIfAbsent(normalized(p.getValue()), v -> values.size()));
        }
        if (!tags.isEmpty()) {
            ByteArrayOutputStream packed = new ByteArrayOutputStream();
            tags.forEach(t -> varint(packed, t));
            bytes(f, 2, packed.toByteArray());
        }
        tag(f, 3, 0);
        varint(f, type);
        bytes(f, 4, geometry);
        bytes(features, 2, f.toByteArray());
        featureCount++;
    }

    public int featureCount() {
        return featureCount;
    }

    /** The encoded tile holding this one layer; an empty array when no feature was added. */
    public byte[] build() {
        if (featureCount == 0) {
            return new byte[0];
        }
        ByteArrayOutputStream layer = new ByteArrayOutputStream();
        tag(layer, 15, 0);
        varint(layer, 2);
        bytes(layer, 1, layerName.getBytes(StandardCharsets.UTF_8));
        layer.writeBytes(features.toByteArray());
        for (String k : keys.keySet()) {
            bytes(layer, 3, k.getBytes(StandardCharsets.UTF_8));
        }
        for (Object v : values.keySet()) {
            bytes(layer, 4, value(v));
        }
        tag(layer, 5, 0);
        varint(layer, extent);
        ByteArrayOutputStream tile = new ByteArrayOutputStream();
        bytes(tile, 3, layer.toByteArray());
        return tile.toByteArray();
    }

    /** Integers of any width as {@link Long}, so that 3 and 3L share one value. */
    private static Object normalized(Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Long || v instanceof String || v instanceof Boolean) {
            return v;
        }
        throw new IllegalArgumentException("unsupported property value " + v.getClass().getSimpleName());
    }

    private static byte[] value(Object v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (v instanceof String s) {
            bytes(out, 1, s.getBytes(StandardCharsets.UTF_8));
        } else if (v instanceof Boolean b) {
            tag(out, 7, 0);
            varint(out, b ? 1 : 0);
        } else {
            long n = (Long) v;
            if (n >= 0) {
                tag(out, 5, 0);
                varint(out, n);
            } else {
                tag(out, 6, 0);
                varint(out, (n << 1) ^ (n >> 63));
            }
        }
        return out.toByteArray();
    }

    private static int zigzag(int n) {
        return (n << 1) ^ (n >> 31);
    }

    private static void tag(ByteArrayOutputStream out, int field, int wireType) {
        varint(out, ((long) field << 3) | wireType);
    }

    private static void bytes(ByteArrayOutputStream out, int field, byte[] payload) {
        tag(out, field, 2);
        varint(out, payload.length);
        out.writeBytes(payload);
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
