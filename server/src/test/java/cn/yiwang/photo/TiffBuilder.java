package cn.yiwang.photo;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds EXIF (TIFF) blocks for tests: IFD0, and an Exif and a GPS sub-IFD whose pointers it adds
 * to IFD0 itself. Entries are given with their type and count; a count that disagrees with the
 * value (hostile EXIF) is written as given.
 */
final class TiffBuilder {

    /** One IFD entry; {@code value} in the builder's byte order, padded to 4 bytes when inline. */
    record Entry(int tag, int type, long count, byte[] value) {
    }

    private final boolean little;
    final List<Entry> ifd0 = new ArrayList<>();
    final List<Entry> exif = new ArrayList<>();
    final List<Entry> gps = new ArrayList<>();

    TiffBuilder(boolean little) {
        this.little = little;
    }

    static TiffBuilder bigEndian() {
        return new TiffBuilder(false);
    }

    static TiffBuilder littleEndian() {
        return new TiffBuilder(true);
    }

    Entry ascii(int tag, String s) {
        byte[] b = (s + "\0").getBytes(StandardCharsets.UTF_8);
        return new Entry(tag, 2, b.length, b);
    }

    Entry shortValue(int tag, int v) {
        return new Entry(tag, 3, 1, u16(v));
    }

    Entry longValue(int tag, long v) {
        return new Entry(tag, 4, 1, u32(v));
    }

    /** RATIONAL values as numerator, denominator pairs. */
    Entry rationals(int tag, long... pairs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long v : pairs) {
            out.writeBytes(u32(v));
        }
        return new Entry(tag, 5, pairs.length / 2, out.toByteArray());
    }

    Entry undefined(int tag, byte[] b) {
        return new Entry(tag, 7, b.length, b);
    }

    /** Degrees, minutes and seconds of a decimal position as rationals (seconds to 1/10000). */
    Entry dms(int tag, double degrees) {
        double a = Math.abs(degrees);
        long d = (long) a;
        long m = (long) ((a - d) * 60);
        long s = Math.round(((a - d) * 60 - m) * 60 * 10000);
        return rationals(tag, d, 1, m, 1, s, 10000);
    }

    /** GPS position with refs from the signs. */
    TiffBuilder position(double lat, double lon) {
        gps.add(ascii(ExifReader.TAG_GPS_LATITUDE_REF, lat < 0 ? "S" : "N"));
        gps.add(dms(ExifReader.TAG_GPS_LATITUDE, lat));
        gps.add(ascii(ExifReader.TAG_GPS_LONGITUDE_REF, lon < 0 ? "W" : "E"));
        gps.add(dms(ExifReader.TAG_GPS_LONGITUDE, lon));
        return this;
    }

    byte[] build() {
        List<Entry> zero = new ArrayList<>(ifd0);
        int n0 = zero.size() + (exif.isEmpty() ? 0 : 1) + (gps.isEmpty() ? 0 : 1);
        int ifd0Size = 2 + 12 * n0 + 4;
        int exifAt = 8 + ifd0Size;
        int exifSize = exif.isEmpty() ? 0 : 2 + 12 * exif.size() + 4;
        int gpsAt = exifAt + exifSize;
        int gpsSize = gps.isEmpty() ? 0 : 2 + 12 * gps.size() + 4;
        if (!exif.isEmpty()) {
            zero.add(longValue(ExifReader.TAG_EXIF_IFD, exifAt));
        }
        if (!gps.isEmpty()) {
            zero.add(longValue(ExifReader.TAG_GPS_IFD, gpsAt));
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        int dataAt = gpsAt + gpsSize;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(little ? new byte[] {'I', 'I', 42, 0} : new byte[] {'M', 'M', 0, 42});
        out.writeBytes(u32(8));
        writeIfd(out, zero, data, dataAt);
        if (!exif.isEmpty()) {
            writeIfd(out, exif, data, dataAt);
        }
        if (!gps.isEmpty()) {
            writeIfd(out, gps, data, dataAt);
        }
        out.writeBytes(data.toByteArray());
        return out.toByteArray();
    }

    private void writeIfd(ByteArrayOutputStream out, List<Entry> entries, ByteArrayOutputStream data, int dataAt) {
        out.writeBytes(u16(entries.size()));
        for (Entry e : entries) {
            out.writeBytes(u16(e.tag));
            out.writeBytes(u16(e.type));
            out.writeBytes(u32(e.count));
            if (e.value.length <= 4) {
                byte[] v = new byte[4];
                System.arraycopy(e.value, 0, v, 0, e.value.length);
                out.writeBytes(v);
            } else {
                out.writeBytes(u32(dataAt + data.size()));
                data.writeBytes(e.value);
                if ((data.size() & 1) != 0) {
                    data.write(0);
                }
            }
        }
        out.writeBytes(u32(0));
    }

    byte[] u16(int v) {
        return little ? new byte[] {(byte) v, (byte) (v >> 8)} : new byte[] {(byte) (v >> 8), (byte) v};
    }

    byte[] u32(long v) {
        return little ? new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)}
                : new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v};
    }
}
