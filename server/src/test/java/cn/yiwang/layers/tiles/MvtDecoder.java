package cn.yiwang.layers.tiles;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

/**
 * A small Mapbox Vector Tile 2.1 decoder for tests (no dependency): protobuf wire format → layers
 * with name, extent, keys, values and features (id, type, tags resolved to properties, geometry
 * commands resolved to parts in tile coordinates). Polygons become JTS geometries in tile
 * coordinates (x east, y south, 0..extent), following the spec's winding rule: a ring with
 * positive surveyor's area in tile coordinates starts a polygon, negative ones are its holes.
 */
final class MvtDecoder {

    static final int POINT = 1;
    static final int LINESTRING = 2;
    static final int POLYGON = 3;

    record Layer(String name, int version, int extent, List<String> keys, List<Object> values, List<Feature> features) {

        List<Feature> withProperty(String key, Object value) {
            return features.stream().filter(f -> value.equals(f.properties().get(key))).toList();
        }
    }

    /** One feature; {@code parts} are the MoveTo-started point sequences, rings closed. */
    record Feature(Long id, int type, Map<String, Object> properties, List<List<Coordinate>> parts) {

        Geometry geometry(GeometryFactory factory) {
            if (type != POLYGON) {
                throw new UnsupportedOperationException("only polygons are assembled, got type " + type);
            }
            List<Polygon> polygons = new ArrayList<>();
            LinearRing shell = null;
            List<LinearRing> holes = new ArrayList<>();
            for (List<Coordinate> part : parts) {
                Coordinate[] ring = part.toArray(new Coordinate[0]);
                LinearRing r = factory.createLinearRing(ring);
                if (surveyorsArea(ring) > 0 || shell == null) {
                    if (shell != null) {
                        polygons.add(factory.createPolygon(shell, holes.toArray(new LinearRing[0])));
                        holes.clear();
                    }
                    shell = r;
                } else {
                    holes.add(r);
                }
            }
            if (shell != null) {
                polygons.add(factory.createPolygon(shell, holes.toArray(new LinearRing[0])));
            }
            return polygons.size() == 1 ? polygons.get(0) : factory.createMultiPolygon(polygons.toArray(new Polygon[0]));
        }
    }

    /** The spec's surveyor's formula in tile coordinates: positive for exterior rings. */
    static double surveyorsArea(Coordinate[] ring) {
        double sum = 0;
        for (int i = 0; i + 1 < ring.length; i++) {
            sum += ring[i].x * ring[i + 1].y - ring[i + 1].x * ring[i].y;
        }
        return sum / 2;
    }

    private MvtDecoder() {
    }

    static List<Layer> decode(byte[] tile) {
        List<Layer> layers = new ArrayList<>();
        Reader r = new Reader(tile, 0, tile.length);
        while (r.more()) {
            long tag = r.varint();
            if ((tag >>> 3) == 3 && (tag & 7) == 2) {
                layers.add(layer(r.message()));
            } else {
                r.skip((int) (tag & 7));
            }
        }
        return layers;
    }

    static Layer layer(byte[] tile, String name) {
        return decode(tile).stream().filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no layer " + name + " in the tile"));
    }

    private static Layer layer(Reader r) {
        String name = null;
        int version = 1;
        int extent = 4096;
        List<String> keys = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        List<Reader> rawFeatures = new ArrayList<>();
        while (r.more()) {
            long tag = r.varint();
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            switch (field) {
                case 15 -> version = (int) r.varint();
                case 1 -> name = r.string();
                case 2 -> rawFeatures.add(r.message());
                case 3 -> keys.add(r.string());
                case 4 -> values.add(value(r.message()));
                case 5 -> extent = (int) r.varint();
                default -> r.skip(wire);
            }
        }
        List<Feature> features = new ArrayList<>();
        for (Reader f : rawFeatures) {
            features.add(feature(f, keys, values));
        }
        return new Layer(name, version, extent, keys, values, features);
    }

    private static Object value(Reader r) {
        Object v = null;
        while (r.more()) {
            long tag = r.varint();
            switch ((int) (tag >>> 3)) {
                case 1 -> v = r.string();
                case 2 -> v = Float.intBitsToFloat(r.fixed32());
                case 3 -> v = Double.longBitsToDouble(r.fixed64());
                case 4, 5 -> v = r.varint();
                case 6 -> {
                    long n = r.varint();
                    v = (n >>> 1) ^ -(n & 1);
                }
                case 7 -> v = r.varint() != 0;
                default -> r.skip((int) (tag & 7));
            }
        }
        return v;
    }

    private static Feature feature(Reader r, List<String> keys, List<Object> values) {
        Long id = null;
        int type = 0;
        List<Long> tags = new ArrayList<>();
        List<Long> geometry = new ArrayList<>();
        while (r.more()) {
            long tag = r.varint();
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            switch (field) {
                case 1 -> id = r.varint();
                case 2 -> r.packed(wire, tags);
                case 3 -> type = (int) r.varint();
                case 4 -> r.packed(wire, geometry);
                default -> r.skip(wire);
            }
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        for (int i = 0; i + 1 < tags.size(); i += 2) {
            properties.put(keys.get(tags.get(i).intValue()), values.get(tags.get(i + 1).intValue()));
        }
        return new Feature(id, type, properties, parts(geometry));
    }

    /** MoveTo (1), LineTo (2), ClosePath (7) with zig-zag delta parameters, cursor carried across parts. */
    private static List<List<Coordinate>> parts(List<Long> commands) {
        List<List<Coordinate>> parts = new ArrayList<>();
        List<Coordinate> current = null;
        long x = 0;
        long y = 0;
        int i = 0;
        while (i < commands.size()) {
            long c = commands.get(i++);
            int id = (int) (c & 7);
            int count = (int) (c >>> 3);
            if (id == 7) {
                current.add(new Coordinate(current.get(0)));
                continue;
            }
            for (int k = 0; k < count; k++) {
                x += zigzag(commands.get(i++));
                y += zigzag(commands.get(i++));
                if (id == 1) {
                    current = new ArrayList<>();
                    parts.add(current);
                }
                current.add(new Coordinate(x, y));
            }
        }
        return parts;
    }

    private static long zigzag(long n) {
        return (n >>> 1) ^ -(n & 1);
    }

    /** Protobuf wire-format reader over a slice of a byte array. */
    private static final class Reader {
        private final byte[] buf;
        private int pos;
        private final int end;

        Reader(byte[] buf, int pos, int end) {
            this.buf = buf;
            this.pos = pos;
            this.end = end;
        }

        boolean more() {
            return pos < end;
        }

        long varint() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = buf[pos++];
                result |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
            throw new IllegalStateException("malformed varint");
        }

        int fixed32() {
            int v = 0;
            for (int k = 0; k < 4; k++) {
                v |= (buf[pos++] & 0xff) << (8 * k);
            }
            return v;
        }

        long fixed64() {
            long v = 0;
            for (int k = 0; k < 8; k++) {
                v |= (long) (buf[pos++] & 0xff) << (8 * k);
            }
            return v;
        }

        Reader message() {
            int length = (int) varint();
            Reader sub = new Reader(buf, pos, pos + length);
            pos += length;
            return sub;
        }

        String string() {
            int length = (int) varint();
            String s = new String(buf, pos, length, StandardCharsets.UTF_8);
            pos += length;
            return s;
        }

        /** A packed (wire type 2) or a single unpacked (wire type 0) repeated varint field. */
        void packed(int wire, List<Long> out) {
            if (wire == 2) {
                Reader sub = message();
                while (sub.more()) {
                    out.add(sub.varint());
                }
            } else {
                out.add(varint());
            }
        }

        void skip(int wire) {
            switch (wire) {
                case 0 -> varint();
                case 1 -> pos += 8;
                case 2 -> pos += (int) varint();
                case 5 -> pos += 4;
                default -> throw new IllegalStateException("unsupported wire type " + wire);
            }
        }
    }
}
