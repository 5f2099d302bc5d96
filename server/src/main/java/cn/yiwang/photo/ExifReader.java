package cn.yiwang.photo;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads the GPS position, DateTimeOriginal and Orientation from an EXIF block: the TIFF structure
 * that starts with {@code II*\0} or {@code MM\0*} (what JPEG's APP1 holds after {@code Exif\0\0},
 * PNG's {@code eXIf} and WebP's {@code EXIF} chunk hold).
 *
 * <p>Built for hostile input: it reads only IFD0 and the Exif and GPS sub-IFDs it points to (no
 * IFD chains, so offset loops cannot make it spin; a sub-IFD pointing back to an IFD already read
 * is ignored), at most {@value #MAX_ENTRIES_PER_IFD} entries per IFD, and checks every offset and
 * {@code count × size} against the block in 64-bit arithmetic. Anything malformed makes that one
 * value absent; {@link #read} never throws for any input. Positions: the three GPS rationals
 * degrees/minutes/seconds (one or two also accepted), the hemisphere from the N/S and E/W refs
 * (required: without a ref the sign is unknown), a zero denominator, a position outside
 * ±90/±180, GPSStatus "V" (void) and the exact (0, 0) that receivers write without a fix all mean
 * no position. Pure and thread-safe.
 */
public final class ExifReader {

    static final int MAX_ENTRIES_PER_IFD = 1000;

    static final int TAG_ORIENTATION = 0x0112;
    static final int TAG_EXIF_IFD = 0x8769;
    static final int TAG_GPS_IFD = 0x8825;
    static final int TAG_DATE_TIME_ORIGINAL = 0x9003;
    static final int TAG_DATE_TIME_DIGITIZED = 0x9004;
    static final int TAG_OFFSET_TIME_ORIGINAL = 0x9011;
    static final int TAG_GPS_LATITUDE_REF = 0x0001;
    static final int TAG_GPS_LATITUDE = 0x0002;
    static final int TAG_GPS_LONGITUDE_REF = 0x0003;
    static final int TAG_GPS_LONGITUDE = 0x0004;
    static final int TAG_GPS_STATUS = 0x0009;

    static final int TYPE_BYTE = 1;
    static final int TYPE_ASCII = 2;
    static final int TYPE_SHORT = 3;
    static final int TYPE_LONG = 4;
    static final int TYPE_RATIONAL = 5;
    static final int TYPE_UNDEFINED = 7;
    static final int TYPE_SRATIONAL = 10;

    private final byte[] b;
    private final boolean little;
    private final Set<Long> visited = new HashSet<>();

    private ExifReader(byte[] tiff, boolean little) {
        this.b = tiff;
        this.little = little;
    }

    /**
     * @param tiff the EXIF block; a leading {@code Exif\0\0} (which some writers wrongly put in PNG
     *             and WebP chunks) is skipped
     * @return what could be read; {@link ExifData#NONE} for anything that is not EXIF
     */
    public static ExifData read(byte[] tiff) {
        if (tiff == null) {
            return ExifData.NONE;
        }
        byte[] t = tiff;
        if (t.length >= 6 && t[0] == 'E' && t[1] == 'x' && t[2] == 'i' && t[3] == 'f' && t[4] == 0 && t[5] == 0) {
            t = java.util.Arrays.copyOfRange(t, 6, t.length);
        }
        if (t.length < 8) {
            return ExifData.NONE;
        }
        boolean little;
        if (t[0] == 'I' && t[1] == 'I') {
            little = true;
        } else if (t[0] == 'M' && t[1] == 'M') {
            little = false;
        } else {
            return ExifData.NONE;
        }
        return new ExifReader(t, little).read();
    }

    /** One IFD entry, its value located and bounds-checked. */
    private record Entry(int tag, int type, long count, int valueOffset) {
    }

    private ExifData read() {
        if (u16(2) != 42) {
            return ExifData.NONE;
        }
        Entry[] ifd0 = ifd(u32(4));
        int orientation = 1;
        Entry o = find(ifd0, TAG_ORIENTATION);
        if (o != null && (o.type == TYPE_SHORT || o.type == TYPE_LONG) && o.count >= 1) {
            long v = o.type == TYPE_SHORT ? u16(o.valueOffset) : u32(o.valueOffset);
            orientation = v >= 1 && v <= 8 ? (int) v : 1;
        }
        Entry[] exif = ifd(pointer(find(ifd0, TAG_EXIF_IFD)));
        LocalDateTime takenAt = dateTime(find(exif, TAG_DATE_TIME_ORIGINAL));
        if (takenAt == null) {
            takenAt = dateTime(find(exif, TAG_DATE_TIME_DIGITIZED));
        }
        ZoneOffset offset = takenAt == null ? null : offset(find(exif, TAG_OFFSET_TIME_ORIGINAL));
        Entry[] gps = ifd(pointer(find(ifd0, TAG_GPS_IFD)));
        Double lat = null;
        Double lon = null;
        String status = ascii(find(gps, TAG_GPS_STATUS));
        if (!"V".equals(status)) {
            Double la = coordinate(find(gps, TAG_GPS_LATITUDE), ascii(find(gps, TAG_GPS_LATITUDE_REF)), "N", "S", 90);
            Double lo = coordinate(find(gps, TAG_GPS_LONGITUDE), ascii(find(gps, TAG_GPS_LONGITUDE_REF)), "E", "W", 180);
            if (la != null && lo != null && !(la == 0 && lo == 0)) {
                lat = la;
                lon = lo;
            }
        }
        return new ExifData(lat, lon, takenAt, offset, orientation);
    }

    /** The entries of the IFD at {@code offset}; empty when it is out of bounds or was read before. */
    private Entry[] ifd(long offset) {
        if (offset < 8 || offset + 2 > b.length || !visited.add(offset)) {
            return new Entry[0];
        }
        int at = (int) offset;
        int count = u16(at);
        long available = (b.length - (at + 2L)) / 12;
        int n = (int) Math.min(Math.min(count, available), MAX_ENTRIES_PER_IFD);
        Entry[] out = new Entry[n];
        for (int i = 0; i < n; i++) {
            int e = at + 2 + 12 * i;
            int tag = u16(e);
            int type = u16(e + 2);
            long cnt = u32(e + 4);
            long size = typeSize(type) * cnt;
            int valueOffset;
            if (typeSize(type) == 0 || cnt == 0) {
                valueOffset = -1;
            } else if (size <= 4) {
                valueOffset = e + 8;
            } else {
                long off = u32(e + 8);
                valueOffset = off + size <= b.length ? (int) off : -1;
            }
            out[i] = new Entry(tag, type, cnt, valueOffset);
        }
        return out;
    }

    private static Entry find(Entry[] ifd, int tag) {
        for (Entry e : ifd) {
            if (e.tag == tag && e.valueOffset >= 0) {
                return e;
            }
        }
        return null;
    }

    private long pointer(Entry e) {
        if (e == null || e.count < 1 || (e.type != TYPE_LONG && e.type != TYPE_UNDEFINED && e.type != 13)) {
            return -1;
        }
        return u32(e.valueOffset);
    }

    private String ascii(Entry e) {
        if (e == null || (e.type != TYPE_ASCII && e.type != TYPE_UNDEFINED && e.type != TYPE_BYTE)) {
            return null;
        }
        int n = (int) Math.min(e.count, 64);
        int end = e.valueOffset;
        while (end < e.valueOffset + n && b[end] != 0) {
            end++;
        }
        return new String(b, e.valueOffset, end - e.valueOffset, StandardCharsets.ISO_8859_1).trim();
    }

    /** "YYYY:MM:DD HH:MM:SS"; blanks, zeros and impossible dates are absent. */
    private LocalDateTime dateTime(Entry e) {
        String s = ascii(e);
        if (s == null || !s.matches("\\d{4}[:-]\\d{2}[:-]\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}.*")) {
            return null;
        }
        try {
            LocalDateTime t = LocalDateTime.of(Integer.parseInt(s.substring(0, 4)), Integer.parseInt(s.substring(5, 7)),
                    Integer.parseInt(s.substring(8, 10)), Integer.parseInt(s.substring(11, 13)),
                    Integer.parseInt(s.substring(14, 16)), Integer.parseInt(s.substring(17, 19)));
            return t.getYear() >= 1900 ? t : null;
        } catch (DateTimeException e2) {
            return null;
        }
    }

    /** "+08:00" or "-05:30". */
    private ZoneOffset offset(Entry e) {
        String s = ascii(e);
        if (s == null || !s.matches("[+-]\\d{2}:\\d{2}")) {
            return null;
        }
        try {
            return ZoneOffset.of(s);
        } catch (DateTimeException e2) {
            return null;
        }
    }

    private Double coordinate(Entry e, String ref, String positive, String negative, double max) {
        if (e == null || ref == null || (e.type != TYPE_RATIONAL && e.type != TYPE_SRATIONAL)) {
            return null;
        }
        String r = ref.isEmpty() ? "" : ref.substring(0, 1).toUpperCase(java.util.Locale.ROOT);
        if (!r.equals(positive) && !r.equals(negative)) {
            return null;
        }
        int parts = (int) Math.min(e.count, 3);
        double value = 0;
        double unit = 1;
        for (int i = 0; i < parts; i++) {
            int at = e.valueOffset + 8 * i;
            double num = e.type == TYPE_RATIONAL ? u32(at) : (int) u32(at);
            double den = e.type == TYPE_RATIONAL ? u32(at + 4) : (int) u32(at + 4);
            if (den == 0 || num < 0 || den < 0) {
                return null;
            }
            value += num / den / unit;
            unit *= 60;
        }
        if (!Double.isFinite(value) || value > max) {
            return null;
        }
        return r.equals(negative) ? -value : value;
    }

    private static long typeSize(int type) {
        return switch (type) {
            case 1, 2, 6, 7 -> 1;
            case 3, 8 -> 2;
            case 4, 9, 11, 13 -> 4;
            case 5, 10, 12 -> 8;
            default -> 0;
        };
    }

    private int u16(int at) {
        if (at < 0 || at + 2 > b.length) {
            return 0;
        }
        int x = b[at] & 0xFF;
        int y = b[at + 1] & 0xFF;
        return little ? (y << 8) | x : (x << 8) | y;
    }

    private long u32(long at) {
        if (at < 0 || at + 4 > b.length) {
            return 0;
        }
        int i = (int) at;
        long v = 0;
        for (int k = 0; k < 4; k++) {
            int byteAt = little ? i + 3 - k : i + k;
            v = (v << 8) | (b[byteAt] & 0xFF);
        }
        return v;
    }
}
