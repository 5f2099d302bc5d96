package cn.yiwang.photo;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A WebP walked chunk by chunk: {@code RIFF} size (bytes past it are not part of the image; a
 * file shorter than it is truncated), chunk sizes bounded by it, then the size from the VP8X
 * canvas, or from the VP8 key-frame header or the VP8L header of a simple file. Animated WebP (an
 * animation flag or {@code ANIM}/{@code ANMF} chunks) is refused: a photo is one still image.
 *
 * <p>Kept when writing without metadata: {@code VP8X} (its EXIF and XMP flags cleared),
 * {@code ICCP}, {@code ALPH}, {@code VP8 }, {@code VP8L}. Dropped: {@code EXIF}, {@code XMP } and
 * unknown chunks. The RIFF size is rewritten.
 */
final class WebpImage implements ParsedImage {

    static final Set<String> KEPT = Set.of("VP8X", "ICCP", "ALPH", "VP8 ", "VP8L");
    private static final int FLAG_ICC = 0x20;
    private static final int FLAG_EXIF = 0x08;
    private static final int FLAG_XMP = 0x04;
    private static final int FLAG_ANIMATION = 0x02;

    /** A chunk: {@code [start, end)} covers header, payload and padding; the payload starts at {@code data}. */
    private record Chunk(String fourCc, int start, int data, int size, int end) {
    }

    private final byte[] bytes;
    private final List<Chunk> chunks;
    private final int width;
    private final int height;
    private final byte[] exif;

    private WebpImage(byte[] bytes, List<Chunk> chunks, int width, int height, byte[] exif) {
        this.bytes = bytes;
        this.chunks = chunks;
        this.width = width;
        this.height = height;
        this.exif = exif;
    }

    static WebpImage parse(byte[] b) {
        if (ImageFormat.sniff(b).orElse(null) != ImageFormat.WEBP) {
            throw fail("it does not start with RIFF…WEBP");
        }
        long riffSize = u32(b, 4);
        if (riffSize < 4 || 8 + riffSize > b.length) {
            throw fail("it is truncated (the RIFF header announces " + (8 + riffSize) + " bytes, the file has " + b.length + ")");
        }
        int riffEnd = (int) (8 + riffSize);
        List<Chunk> chunks = new ArrayList<>();
        int pos = 12;
        while (pos < riffEnd) {
            if (pos + 8 > riffEnd) {
                throw fail("it is truncated in a chunk header at byte " + pos);
            }
            String fourCc = new String(b, pos, 4, StandardCharsets.ISO_8859_1);
            long size = u32(b, pos + 4);
            long end = pos + 8 + size + (size & 1);
            if (pos + 8 + size > riffEnd) {
                throw fail("it is truncated inside the '" + fourCc.strip() + "' chunk at byte " + pos);
            }
            chunks.add(new Chunk(fourCc, pos, pos + 8, (int) size, (int) Math.min(end, riffEnd)));
            pos = (int) Math.min(end, riffEnd);
        }
        if (chunks.isEmpty()) {
            throw fail("it has no chunks");
        }
        Chunk first = chunks.get(0);
        long width;
        long height;
        byte[] exif = null;
        Chunk image = find(chunks, "VP8 ");
        Chunk lossless = find(chunks, "VP8L");
        if (first.fourCc.equals("VP8X")) {
            if (first.size < 10) {
                throw fail("the VP8X chunk is too short");
            }
            int flags = b[first.data] & 0xFF;
            if ((flags & FLAG_ANIMATION) != 0 || find(chunks, "ANIM") != null || find(chunks, "ANMF") != null) {
                throw new PhotoRejectedException(PhotoRejectedException.Reason.UNSUPPORTED_TYPE,
                        "Animated WebP is not accepted as a photo; send a still image.");
            }
            width = u24(b, first.data + 4) + 1;
            height = u24(b, first.data + 7) + 1;
            if (image == null && lossless == null) {
                throw fail("it has no image data (no VP8 or VP8L chunk)");
            }
            Chunk e = find(chunks, "EXIF");
            if (e != null) {
                exif = java.util.Arrays.copyOfRange(b, e.data, e.data + e.size);
            }
            long[] frame = image != null ? vp8Size(b, image) : vp8lSize(b, lossless);
            if (frame[0] > width || frame[1] > height) {
                throw fail("its image (" + frame[0] + " × " + frame[1] + ") is larger than its canvas (" + width + " × " + height + ")");
            }
        } else if (first.fourCc.equals("VP8 ")) {
            long[] size = vp8Size(b, first);
            width = size[0];
            height = size[1];
        } else if (first.fourCc.equals("VP8L")) {
            long[] size = vp8lSize(b, first);
            width = size[0];
            height = size[1];
        } else {
            throw fail("the first chunk is '" + first.fourCc.strip() + "', not VP8, VP8L or VP8X");
        }
        return new WebpImage(b, chunks, (int) width, (int) height, exif);
    }

    /** Width and height from a VP8 key frame header. */
    private static long[] vp8Size(byte[] b, Chunk c) {
        int d = c.data;
        if (c.size < 10) {
            throw fail("the VP8 chunk is too short");
        }
        if ((b[d] & 1) != 0) {
            throw fail("the VP8 data does not start with a key frame");
        }
        if ((b[d + 3] & 0xFF) != 0x9D || (b[d + 4] & 0xFF) != 0x01 || (b[d + 5] & 0xFF) != 0x2A) {
            throw fail("the VP8 start code is missing");
        }
        long w = u16le(b, d + 6) & 0x3FFF;
        long h = u16le(b, d + 8) & 0x3FFF;
        if (w == 0 || h == 0) {
            throw fail("the VP8 frame declares " + w + " × " + h + " pixels");
        }
        return new long[] {w, h};
    }

    /** Width and height from a VP8L header (signature 0x2F, then 14-bit width − 1 and height − 1). */
    private static long[] vp8lSize(byte[] b, Chunk c) {
        int d = c.data;
        if (c.size < 5 || (b[d] & 0xFF) != 0x2F) {
            throw fail("the VP8L header is missing");
        }
        long bits = u32le(b, d + 1);
        return new long[] {(bits & 0x3FFF) + 1, ((bits >>> 14) & 0x3FFF) + 1};
    }

    private static Chunk find(List<Chunk> chunks, String fourCc) {
        for (Chunk c : chunks) {
            if (c.fourCc.equals(fourCc)) {
                return c;
            }
        }
        return null;
    }

    @Override
    public byte[] withoutMetadata(int orientation) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(bytes.length);
        boolean extended = false;
        for (Chunk c : chunks) {
            if (!KEPT.contains(c.fourCc)) {
                continue;
            }
            if (c.fourCc.equals("VP8X")) {
                extended = true;
                byte[] header = java.util.Arrays.copyOfRange(bytes, c.start, c.data + c.size);
                int flags = header[8] & ~(FLAG_EXIF | FLAG_XMP);
                if (find(chunks, "ICCP") == null) {
                    flags &= ~FLAG_ICC;
                }
                if (orientation != 1) {
                    flags |= FLAG_EXIF;
                }
                header[8] = (byte) flags;
                body.writeBytes(header);
            } else {
                body.write(bytes, c.start, 8 + c.size);
            }
            // The last chunk of a sloppy writer may lack its pad byte; chunks after it must stay even-aligned.
            if ((c.size & 1) != 0) {
                body.write(0);
            }
        }
        // A simple (non-VP8X) file cannot carry EXIF, so it never had an orientation to keep.
        if (extended && orientation != 1) {
            byte[] tiff = OrientationExif.tiff(orientation);
            body.writeBytes("EXIF".getBytes(StandardCharsets.ISO_8859_1));
            writeU32le(body, tiff.length);
            body.writeBytes(tiff);
            if ((tiff.length & 1) != 0) {
                body.write(0);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.size() + 12);
        out.writeBytes("RIFF".getBytes(StandardCharsets.ISO_8859_1));
        writeU32le(out, 4L + body.size());
        out.writeBytes("WEBP".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static void writeU32le(ByteArrayOutputStream out, long v) {
        out.write((int) v & 0xFF);
        out.write((int) (v >>> 8) & 0xFF);
        out.write((int) (v >>> 16) & 0xFF);
        out.write((int) (v >>> 24) & 0xFF);
    }

    private static long u32(byte[] b, int at) {
        return u32le(b, at);
    }

    private static long u32le(byte[] b, int at) {
        return (b[at] & 0xFF) | ((b[at + 1] & 0xFF) << 8) | ((b[at + 2] & 0xFF) << 16) | ((long) (b[at + 3] & 0xFF) << 24);
    }

    private static long u24(byte[] b, int at) {
        return (b[at] & 0xFF) | ((b[at + 1] & 0xFF) << 8) | ((long) (b[at + 2] & 0xFF) << 16);
    }

    private static int u16le(byte[] b, int at) {
        return (b[at] & 0xFF) | ((b[at + 1] & 0xFF) << 8);
    }

    private static PhotoRejectedException fail(String detail) {
        return PhotoRejectedException.malformed(ImageFormat.WEBP, detail);
    }

    @Override
    public ImageFormat format() {
        return ImageFormat.WEBP;
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
