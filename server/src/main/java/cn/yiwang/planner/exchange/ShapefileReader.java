package cn.yiwang.planner.exchange;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;

/**
 * Reads the polygons of a zipped ESRI Shapefile (the .shp/.dbf/.prj/.cpg entries of one layer, as
 * {@link SafeZip} unpacked them), after ESRI's published technical description (July 1998): shape types
 * Polygon, PolygonZ and PolygonM (Z and M are dropped), outer rings clockwise and holes anticlockwise, a
 * hole belonging to the outer ring that contains it. Attributes come from the dBASE table: character
 * and numeric fields as trimmed text (a numeric code of 18 digits keeps every digit), decoded with the
 * code page of the .cpg entry (UTF-8, GBK/CP936, …), else of the dBASE language driver byte (0x4D: GBK),
 * else UTF-8 when it decodes cleanly and GBK otherwise. The CRS comes from the .prj WKT; without one the
 * caller must name it ({@code crs}) or the file is refused. A record's vertex count is checked from its
 * header before its points are read.
 */
public final class ShapefileReader {

    private static final int FILE_CODE = 9994;
    private static final int POLYGON = 5;
    private static final int POLYGON_Z = 15;
    private static final int POLYGON_M = 25;
    private static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), 0);

    /** The layer: its features and, when the zip has a .prj, its CRS. */
    public record Layer(List<ImportedGrid> grids, SourceCrs crs, String charset) {
    }

    private ShapefileReader() {
    }

    /**
     * @param entries   the zip's entries (one .shp layer, with its .dbf; .prj and .cpg optional)
     * @param mapping   which attributes hold name, code and parent code
     * @param givenCrs  the caller's {@code crs}, or null: then the .prj must say it
     * @throws ImportRefusedException naming the entry or record at fault
     */
    public static Layer read(Map<String, byte[]> entries, AttributeMapping mapping, SourceCrs givenCrs, ImportLimits limits)
            throws ImportRefusedException {
        String shpName = null;
        for (String name : entries.keySet()) {
            if (name.toLowerCase(Locale.ROOT).endsWith(".shp")) {
                if (shpName != null) {
                    throw new ImportRefusedException("file", "the zip holds more than one .shp (" + shpName + ", " + name + "); zip one layer");
                }
                shpName = name;
            }
        }
        if (shpName == null) {
            throw new ImportRefusedException("file", "the zip holds no .shp file");
        }
        String stem = shpName.substring(0, shpName.length() - 4);
        byte[] dbf = sibling(entries, stem, ".dbf");
        if (dbf == null) {
            throw new ImportRefusedException("file/" + stem + ".dbf", "the Shapefile has no .dbf: the names and codes are in it");
        }
        byte[] prj = sibling(entries, stem, ".prj");
        SourceCrs crs = givenCrs;
        if (crs == null) {
            if (prj == null) {
                throw new ImportRefusedException("crs", "the Shapefile has no .prj: give its CRS with the crs parameter (e.g. crs=EPSG:4547)");
            }
            crs = SourceCrsDetector.fromWkt(new String(prj, StandardCharsets.UTF_8), ".prj WKT", "file/" + stem + ".prj");
        }
        byte[] cpg = sibling(entries, stem, ".cpg");
        List<Map<String, Object>> rows = new ArrayList<>();
        String charset = readDbf(dbf, cpg, rows, "file/" + stem + ".dbf");
        List<Geometry> shapes = readShp(entries.get(shpName), limits, "file/" + shpName);
        if (shapes.size() != rows.size()) {
            throw new ImportRefusedException("file/" + stem + ".dbf", "holds " + rows.size() + " records for " + shapes.size() + " shapes");
        }
        List<ImportedGrid> grids = new ArrayList<>(shapes.size());
        for (int i = 0; i < shapes.size(); i++) {
            grids.add(mapping.apply(rows.get(i), shapes.get(i), "record " + (i + 1)));
        }
        return new Layer(grids, crs, charset);
    }

    private static byte[] sibling(Map<String, byte[]> entries, String stem, String suffix) {
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            if (e.getKey().equalsIgnoreCase(stem + suffix)) {
                return e.getValue();
            }
        }
        return null;
    }

    static List<Geometry> readShp(byte[] shp, ImportLimits limits, String where) throws ImportRefusedException {
        if (shp.length < 100) {
            throw new ImportRefusedException(where, "is shorter than a Shapefile header");
        }
        ByteBuffer b = ByteBuffer.wrap(shp);
        if (b.order(ByteOrder.BIG_ENDIAN).getInt(0) != FILE_CODE) {
            throw new ImportRefusedException(where, "is not a Shapefile (file code " + b.getInt(0) + ", expected 9994)");
        }
        int type = b.order(ByteOrder.LITTLE_ENDIAN).getInt(32);
        if (type != POLYGON && type != POLYGON_Z && type != POLYGON_M) {
            throw new ImportRefusedException(where, "holds shape type " + type + "; grids are polygons (type 5, 15 or 25)");
        }
        List<Geometry> out = new ArrayList<>();
        long totalVertices = 0;
        int pos = 100;
        while (pos + 8 <= shp.length) {
            int record = b.order(ByteOrder.BIG_ENDIAN).getInt(pos);
            int contentBytes = b.getInt(pos + 4) * 2;
            int start = pos + 8;
            String at = "record " + record;
            if (contentBytes < 4 || start + contentBytes > shp.length) {
                throw new ImportRefusedException(at, "is cut short (" + contentBytes + " bytes announced, " + (shp.length - start) + " left)");
            }
            if (out.size() >= limits.maxFeatures()) {
                throw new ImportRefusedException(where, "holds more than " + limits.maxFeatures() + " shapes; import at most that many at once");
            }
            b.order(ByteOrder.LITTLE_ENDIAN);
            int shapeType = b.getInt(start);
            if (shapeType == 0) {
                throw new ImportRefusedException(at, "is a null shape: every grid needs a boundary");
            }
            if (shapeType != type) {
                throw new ImportRefusedException(at, "has shape type " + shapeType + " in a file of type " + type);
            }
            if (contentBytes < 44) {
                throw new ImportRefusedException(at, "is cut short");
            }
            int parts = b.getInt(start + 36);
            int points = b.getInt(start + 40);
            if (points > limits.maxVerticesPerGrid()) {
                throw new ImportRefusedException(at, "has " + points + " vertices; a grid may have at most " + limits.maxVerticesPerGrid());
            }
            totalVertices += points;
            if (totalVertices > limits.maxVerticesTotal()) {
                throw new ImportRefusedException(where, "has more than " + limits.maxVerticesTotal() + " vertices in all");
            }
            if (parts < 1 || parts > points || 44 + 4L * parts + 16L * points > contentBytes) {
                throw new ImportRefusedException(at, "announces " + parts + " rings and " + points + " points that do not fit its "
                        + contentBytes + " bytes");
            }
            int[] first = new int[parts + 1];
            for (int k = 0; k < parts; k++) {
                first[k] = b.getInt(start + 44 + 4 * k);
            }
            first[parts] = points;
            int xy = start + 44 + 4 * parts;
            List<LinearRing> shells = new ArrayList<>();
            List<LinearRing> holes = new ArrayList<>();
            for (int k = 0; k < parts; k++) {
                int n = first[k + 1] - first[k];
                if (first[k] < 0 || n < 4) {
                    throw new ImportRefusedException(at, "ring " + k + " has " + n + " points; a ring needs at least 4");
                }
                Coordinate[] ring = new Coordinate[n];
                for (int j = 0; j < n; j++) {
                    int o = xy + 16 * (first[k] + j);
                    ring[j] = new Coordinate(b.getDouble(o), b.getDouble(o + 8));
                }
                if (!ring[0].equals2D(ring[n - 1])) {
                    throw new ImportRefusedException(at, "ring " + k + " is not closed");
                }
                LinearRing r = FACTORY.createLinearRing(ring);
                // ESRI: outer rings clockwise, holes anticlockwise.
                (Orientation.isCCW(ring) ? holes : shells).add(r);
            }
            if (shells.isEmpty()) {
                throw new ImportRefusedException(at, "has no clockwise (outer) ring");
            }
            out.add(assemble(shells, holes));
            pos = start + contentBytes;
        }
        return out;
    }

    private static Geometry assemble(List<LinearRing> shells, List<LinearRing> holes) {
        List<List<LinearRing>> holesOf = new ArrayList<>();
        List<Polygon> shellPolygons = new ArrayList<>();
        for (LinearRing s : shells) {
            shellPolygons.add(FACTORY.createPolygon(s));
            holesOf.add(new ArrayList<>());
        }
        for (LinearRing h : holes) {
            int owner = 0;
            for (int i = 0; i < shellPolygons.size(); i++) {
                if (shellPolygons.get(i).contains(FACTORY.createPoint(h.getCoordinateN(0)))
                        || shellPolygons.get(i).getEnvelopeInternal().contains(h.getEnvelopeInternal())) {
                    owner = i;
                    break;
                }
            }
            holesOf.get(owner).add(h);
        }
        Polygon[] polygons = new Polygon[shells.size()];
        for (int i = 0; i < shells.size(); i++) {
            polygons[i] = FACTORY.createPolygon(shells.get(i), holesOf.get(i).toArray(new LinearRing[0]));
        }
        return polygons.length == 1 ? polygons[0] : FACTORY.createMultiPolygon(polygons);
    }

    /** Reads the dBASE records into {@code rows}; returns the charset used. */
    static String readDbf(byte[] dbf, byte[] cpg, List<Map<String, Object>> rows, String where) throws ImportRefusedException {
        if (dbf.length < 33) {
            throw new ImportRefusedException(where, "is shorter than a dBASE header");
        }
        ByteBuffer b = ByteBuffer.wrap(dbf).order(ByteOrder.LITTLE_ENDIAN);
        int records = b.getInt(4);
        int headerBytes = Short.toUnsignedInt(b.getShort(8));
        int recordBytes = Short.toUnsignedInt(b.getShort(10));
        int ldid = Byte.toUnsignedInt(dbf[29]);
        if (records < 0 || headerBytes > dbf.length || (long) headerBytes + (long) records * recordBytes > dbf.length) {
            throw new ImportRefusedException(where, "announces " + records + " records that do not fit the file");
        }
        List<String> names = new ArrayList<>();
        List<int[]> fields = new ArrayList<>();
        int offset = 1;
        for (int p = 32; p + 32 <= headerBytes && dbf[p] != 0x0D; p += 32) {
            int len = 0;
            while (len < 11 && dbf[p + len] != 0) {
                len++;
            }
            names.add(new String(dbf, p, len, StandardCharsets.ISO_8859_1).trim());
            int size = Byte.toUnsignedInt(dbf[p + 16]);
            fields.add(new int[] {offset, size, dbf[p + 11]});
            offset += size;
        }
        Charset charset = charset(cpg, ldid, dbf, headerBytes, records, recordBytes);
        for (int r = 0; r < records; r++) {
            int base = headerBytes + r * recordBytes;
            if (dbf[base] == '*') {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            for (int f = 0; f < fields.size(); f++) {
                int[] d = fields.get(f);
                String text = new String(dbf, base + d[0], Math.min(d[1], recordBytes - d[0]), charset).trim();
                row.put(names.get(f), text.isEmpty() ? null : text);
            }
            rows.add(row);
        }
        return charset.name();
    }

    private static Charset charset(byte[] cpg, int ldid, byte[] dbf, int headerBytes, int records, int recordBytes) {
        if (cpg != null) {
            String name = new String(cpg, StandardCharsets.ISO_8859_1).trim();
            if (name.matches("(?i)utf-?8|65001")) {
                return StandardCharsets.UTF_8;
            }
            if (name.matches("(?i)gbk|cp936|936|gb2312|gb18030|ansi 936")) {
                return Charset.forName("GBK");
            }
            try {
                return Charset.forName(name);
            } catch (RuntimeException e) {
                // An unknown name: fall through to the language driver and the content.
            }
        }
        if (ldid == 0x4D) {
            return Charset.forName("GBK");
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(dbf, headerBytes, Math.max(0, Math.min(dbf.length - headerBytes, records * recordBytes))));
            return StandardCharsets.UTF_8;
        } catch (CharacterCodingException e) {
            return Charset.forName("GBK");
        }
    }
}
