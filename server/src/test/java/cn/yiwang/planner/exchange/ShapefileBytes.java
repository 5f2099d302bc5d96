package cn.yiwang.planner.exchange;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Polygon;

/**
 * Test fixtures: a minimal Shapefile writer (polygons without holes, outer rings written clockwise as the
 * ESRI description asks; character fields in a chosen code page) and a zip builder, so the importer is
 * tested on files built here rather than checked-in binaries.
 */
public final class ShapefileBytes {

    private ShapefileBytes() {
    }

    /** .shp, .shx and .dbf (and .prj / .cpg when given) of {@code stem}. */
    public static Map<String, byte[]> layer(String stem, List<Polygon> polygons, List<String> fields, List<List<String>> values,
                                            Charset charset, byte languageDriver, String prj, String cpg) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        List<byte[]> records = new ArrayList<>();
        Envelope all = new Envelope();
        for (Polygon p : polygons) {
            Coordinate[] ring = p.getExteriorRing().getCoordinates();
            if (Orientation.isCCW(ring)) {
                ring = p.getExteriorRing().reverse().getCoordinates();
            }
            all.expandToInclude(p.getEnvelopeInternal());
            ByteBuffer b = ByteBuffer.allocate(44 + 4 + 16 * ring.length).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(5);
            Envelope e = p.getEnvelopeInternal();
            b.putDouble(e.getMinX()).putDouble(e.getMinY()).putDouble(e.getMaxX()).putDouble(e.getMaxY());
            b.putInt(1).putInt(ring.length).putInt(0);
            for (Coordinate c : ring) {
                b.putDouble(c.x).putDouble(c.y);
            }
            records.add(b.array());
        }
        return layerOfRecords(stem, records, all, fields, values, charset, languageDriver, prj, cpg, out);
    }

    /** A layer of raw polygon record contents (for records that lie about their size). */
    public static Map<String, byte[]> layerOfRecords(String stem, List<byte[]> records, Envelope all, List<String> fields,
                                                     List<List<String>> values, Charset charset, byte languageDriver, String prj, String cpg,
                                                     Map<String, byte[]> out) {
        ByteArrayOutputStream shp = new ByteArrayOutputStream();
        ByteArrayOutputStream shx = new ByteArrayOutputStream();
        int shpLength = 100;
        for (byte[] r : records) {
            shpLength += 8 + r.length;
        }
        shp.writeBytes(header(shpLength, all));
        shx.writeBytes(header(100 + 8 * records.size(), all));
        int offset = 100;
        for (int i = 0; i < records.size(); i++) {
            byte[] r = records.get(i);
            shp.writeBytes(ByteBuffer.allocate(8).putInt(i + 1).putInt(r.length / 2).array());
            shp.writeBytes(r);
            shx.writeBytes(ByteBuffer.allocate(8).putInt(offset / 2).putInt(r.length / 2).array());
            offset += 8 + r.length;
        }
        out.put(stem + ".shp", shp.toByteArray());
        out.put(stem + ".shx", shx.toByteArray());
        out.put(stem + ".dbf", dbf(fields, values, charset, languageDriver));
        if (prj != null) {
            out.put(stem + ".prj", prj.getBytes(Charset.forName("UTF-8")));
        }
        if (cpg != null) {
            out.put(stem + ".cpg", cpg.getBytes(Charset.forName("UTF-8")));
        }
        return out;
    }

    private static byte[] header(int lengthBytes, Envelope all) {
        ByteBuffer b = ByteBuffer.allocate(100);
        b.order(ByteOrder.BIG_ENDIAN).putInt(0, 9994).putInt(24, lengthBytes / 2);
        b.order(ByteOrder.LITTLE_ENDIAN).putInt(28, 1000).putInt(32, 5);
        b.putDouble(36, all.getMinX()).putDouble(44, all.getMinY()).putDouble(52, all.getMaxX()).putDouble(60, all.getMaxY());
        return b.array();
    }

    private static byte[] dbf(List<String> fields, List<List<String>> values, Charset charset, byte languageDriver) {
        int[] sizes = new int[fields.size()];
        for (int f = 0; f < fields.size(); f++) {
            sizes[f] = 1;
            for (List<String> row : values) {
                sizes[f] = Math.max(sizes[f], row.get(f).getBytes(charset).length);
            }
        }
        int recordBytes = 1;
        for (int s : sizes) {
            recordBytes += s;
        }
        int headerBytes = 32 + 32 * fields.size() + 1;
        ByteBuffer b = ByteBuffer.allocate(headerBytes + recordBytes * values.size() + 1).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 3).put((byte) 126).put((byte) 11).put((byte) 23);
        b.putInt(values.size()).putShort((short) headerBytes).putShort((short) recordBytes);
        b.put(29, languageDriver);
        b.position(32);
        for (int f = 0; f < fields.size(); f++) {
            byte[] name = new byte[11];
            byte[] n = fields.get(f).getBytes(Charset.forName("US-ASCII"));
            System.arraycopy(n, 0, name, 0, Math.min(10, n.length));
            b.put(name).put((byte) 'C').putInt(0).put((byte) sizes[f]).put((byte) 0).put(new byte[14]);
        }
        b.put((byte) 0x0D);
        for (List<String> row : values) {
            b.put((byte) ' ');
            for (int f = 0; f < fields.size(); f++) {
                byte[] v = row.get(f).getBytes(charset);
                b.put(v);
                for (int k = v.length; k < sizes[f]; k++) {
                    b.put((byte) ' ');
                }
            }
        }
        b.put((byte) 0x1A);
        return b.array();
    }

    /** The entries zipped (deflated), in the map's order, names as given (even unsafe ones). */
    public static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
