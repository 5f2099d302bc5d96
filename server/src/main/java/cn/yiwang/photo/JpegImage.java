package cn.yiwang.photo;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A JPEG walked marker by marker, through the scans too (progressive files put tables, comments
 * and even APPn segments between scans): every segment length is bounded by the file, the frame
 * header gives the size, and the file must end with EOI — a file cut short has none, because
 * entropy-coded data never contains FF D9. Bytes after EOI (phone trailers, MPF secondary images,
 * polyglot payloads) are not part of the image.
 *
 * <p>Kept when writing without metadata: APP0 {@code JFIF}, APP2 {@code ICC_PROFILE} (colour),
 * APP14 {@code Adobe} (tells CMYK/YCC decoding), the tables, frame and scans. Dropped: every other
 * APPn (EXIF, XMP, IPTC/Photoshop, MPF, maker data, JFXX thumbnails) and COM.
 */
final class JpegImage implements ParsedImage {

    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int COM = 0xFE;
    private static final int APP0 = 0xE0;
    private static final int APP1 = 0xE1;
    private static final int APP2 = 0xE2;
    private static final int APP14 = 0xEE;

    /**
     * A marker segment: {@code [start, end)} covers the FF, the marker, and for SOS the scan data
     * after it; its payload (after the length) starts at {@code data}.
     */
    private record Segment(int marker, int start, int data, int end) {
    }

    private final byte[] bytes;
    private final List<Segment> segments;
    private final int width;
    private final int height;
    private final byte[] exif;

    private JpegImage(byte[] bytes, List<Segment> segments, int width, int height, byte[] exif) {
        this.bytes = bytes;
        this.segments = segments;
        this.width = width;
        this.height = height;
        this.exif = exif;
    }

    static JpegImage parse(byte[] b) {
        if (b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != SOI) {
            throw fail("it does not start with the SOI marker");
        }
        List<Segment> segments = new ArrayList<>();
        int width = -1;
        int height = -1;
        byte[] exif = null;
        boolean scans = false;
        int pos = 2;
        while (true) {
            if (pos >= b.length) {
                throw fail("it is truncated (no end-of-image marker)");
            }
            if ((b[pos] & 0xFF) != 0xFF) {
                throw fail("expected a marker at byte " + pos);
            }
            int start = pos;
            while (pos < b.length && (b[pos] & 0xFF) == 0xFF) {
                pos++;
            }
            if (pos >= b.length) {
                throw fail("it is truncated (no end-of-image marker)");
            }
            int marker = b[pos++] & 0xFF;
            if (marker == EOI) {
                if (!scans) {
                    throw fail("it has no image data (no scan before end-of-image)");
                }
                segments.add(new Segment(EOI, start, pos, pos));
                break;
            }
            if (marker == SOI || marker == 0x00) {
                throw fail("unexpected marker 0x" + Integer.toHexString(marker) + " at byte " + start);
            }
            if ((marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
                segments.add(new Segment(marker, start, pos, pos));
                continue;
            }
            if (pos + 2 > b.length) {
                throw fail("it is truncated inside the segment at byte " + start);
            }
            int length = ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
            if (length < 2) {
                throw fail("the segment at byte " + start + " has an impossible length " + length);
            }
            int end = pos + length;
            if (end > b.length) {
                throw fail("it is truncated inside the segment at byte " + start);
            }
            if (isFrameHeader(marker)) {
                if (length < 8) {
                    throw fail("the frame header is too short");
                }
                if (width >= 0) {
                    throw fail("it has more than one frame header");
                }
                height = ((b[pos + 3] & 0xFF) << 8) | (b[pos + 4] & 0xFF);
                width = ((b[pos + 5] & 0xFF) << 8) | (b[pos + 6] & 0xFF);
                if (width == 0 || height == 0) {
                    throw fail("its frame header declares " + width + " × " + height + " pixels");
                }
            } else if (marker == APP1 && exif == null && startsWith(b, pos + 2, end, "Exif\0\0")) {
                exif = java.util.Arrays.copyOfRange(b, pos + 8, end);
            } else if (marker == SOS) {
                if (width < 0) {
                    throw fail("a scan comes before the frame header");
                }
                scans = true;
                end = endOfEntropyData(b, end);
            }
            segments.add(new Segment(marker, start, pos + 2, end));
            pos = end;
        }
        if (width < 0) {
            throw fail("it has no frame header");
        }
        return new JpegImage(b, segments, width, height, exif);
    }

    /** The index of the next marker after entropy-coded data starting at {@code from}. */
    private static int endOfEntropyData(byte[] b, int from) {
        int i = from;
        while (i + 1 < b.length) {
            if ((b[i] & 0xFF) == 0xFF) {
                int next = b[i + 1] & 0xFF;
                if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
                    i += 2;
                    continue;
                }
                if (next == 0xFF) {
                    i++;
                    continue;
                }
                return i;
            }
            i++;
        }
        throw fail("it is truncated in the image data (no end-of-image marker)");
    }

    /** SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC). */
    private static boolean isFrameHeader(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private boolean kept(Segment s) {
        int m = s.marker;
        if (m == COM) {
            return false;
        }
        if (m >= APP0 && m <= 0xEF) {
            return (m == APP0 && startsWith(bytes, s.data, s.end, "JFIF\0"))
                    || (m == APP2 && startsWith(bytes, s.data, s.end, "ICC_PROFILE\0"))
                    || (m == APP14 && startsWith(bytes, s.data, s.end, "Adobe"));
        }
        return true;
    }

    @Override
    public byte[] withoutMetadata(int orientation) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
        out.write(0xFF);
        out.write(SOI);
        int i = 0;
        if (!segments.isEmpty() && segments.get(0).marker == APP0 && kept(segments.get(0))) {
            write(out, segments.get(0));
            i = 1;
        }
        if (orientation != 1) {
            byte[] tiff = OrientationExif.tiff(orientation);
            int length = 2 + 6 + tiff.length;
            out.write(0xFF);
            out.write(APP1);
            out.write(length >> 8);
            out.write(length & 0xFF);
            out.writeBytes("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(tiff);
        }
        for (; i < segments.size(); i++) {
            if (kept(segments.get(i))) {
                write(out, segments.get(i));
            }
        }
        return out.toByteArray();
    }

    private void write(ByteArrayOutputStream out, Segment s) {
        out.write(bytes, s.start, s.end - s.start);
    }

    static boolean startsWith(byte[] b, int from, int end, String prefix) {
        if (from + prefix.length() > end) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (b[from + i] != (byte) prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static PhotoRejectedException fail(String detail) {
        return PhotoRejectedException.malformed(ImageFormat.JPEG, detail);
    }

    @Override
    public ImageFormat format() {
        return ImageFormat.JPEG;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public byte[] exif() {
        return exif;
    }
}
