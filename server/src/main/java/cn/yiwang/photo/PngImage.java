package cn.yiwang.photo;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * A PNG walked chunk by chunk: signature, IHDR first (the size), every chunk's length bounded by
 * the file and its CRC checked, at least one IDAT, and IEND — a file cut short has none. Bytes
 * after IEND are not part of the image. Animated PNG (an {@code acTL} chunk) is refused: a photo
 * is one still image.
 *
 * <p>Kept when writing without metadata: the critical chunks and the ancillary chunks that change
 * how pixels look ({@link #KEPT_ANCILLARY}: transparency, gamma, chromaticities, sRGB, ICC
 * profile, significant bits, background, physical size, histogram, suggested palette, HDR
 * colour). Dropped: {@code tEXt}, {@code iTXt}, {@code zTXt}, {@code eXIf}, {@code tIME} and every
 * other ancillary chunk. An unknown critical chunk makes the file invalid, as it does for decoders.
 */
final class PngImage implements ParsedImage {

    static final Set<String> CRITICAL = Set.of("IHDR", "PLTE", "IDAT", "IEND");
    static final Set<String> KEPT_ANCILLARY = Set.of("tRNS", "gAMA", "cHRM", "sRGB", "iCCP", "sBIT", "bKGD", "pHYs",
            "hIST", "sPLT", "cICP", "mDCv", "cLLi");
    private static final int SIGNATURE_LENGTH = 8;

    /** A chunk: {@code [start, end)} covers length, type, data and CRC. */
    private record Chunk(String type, int start, int end) {
    }

    private final byte[] bytes;
    private final List<Chunk> chunks;
    private final int width;
    private final int height;
    private final byte[] exif;

    private PngImage(byte[] bytes, List<Chunk> chunks, int width, int height, byte[] exif) {
        this.bytes = bytes;
        this.chunks = chunks;
        this.width = width;
        this.height = height;
        this.exif = exif;
    }

    static PngImage parse(byte[] b) {
        if (ImageFormat.sniff(b).orElse(null) != ImageFormat.PNG) {
            throw fail("it does not start with the PNG signature");
        }
        List<Chunk> chunks = new ArrayList<>();
        long width = -1;
        long height = -1;
        byte[] exif = null;
        boolean idat = false;
        int pos = SIGNATURE_LENGTH;
        while (true) {
            if (pos + 12 > b.length) {
                throw fail("it is truncated (no IEND chunk)");
            }
            long length = u32(b, pos);
            String type = new String(b, pos + 4, 4, StandardCharsets.ISO_8859_1);
            if (!type.matches("[A-Za-z]{4}")) {
                throw fail("the chunk at byte " + pos + " has an invalid type");
            }
            if (length > Integer.MAX_VALUE || pos + 12 + length > b.length) {
                throw fail("it is truncated inside the " + type + " chunk at byte " + pos);
            }
            int data = pos + 8;
            int end = data + (int) length + 4;
            CRC32 crc = new CRC32();
            crc.update(b, pos + 4, 4 + (int) length);
            if (crc.getValue() != u32(b, end - 4)) {
                throw fail("the " + type + " chunk at byte " + pos + " has a wrong CRC (corrupted)");
            }
            if (chunks.isEmpty() && !type.equals("IHDR")) {
                throw fail("the first chunk is " + type + ", not IHDR");
            }
            switch (type) {
                case "IHDR" -> {
                    if (!chunks.isEmpty() || length != 13) {
                        throw fail("it has a misplaced or malformed IHDR chunk");
                    }
                    width = u32(b, data);
                    height = u32(b, data + 4);
                    if (width == 0 || height == 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
                        throw fail("IHDR declares " + width + " × " + height + " pixels");
                    }
                }
                case "IDAT" -> idat = true;
                case "eXIf" -> exif = exif == null ? java.util.Arrays.copyOfRange(b, data, data + (int) length) : exif;
                case "acTL" -> throw new PhotoRejectedException(PhotoRejectedException.Reason.UNSUPPORTED_TYPE,
                        "Animated PNG is not accepted as a photo; send a still image.");
                default -> {
                    if (Character.isUpperCase(type.charAt(0)) && !CRITICAL.contains(type)) {
                        throw fail("it has an unknown critical chunk " + type);
                    }
                }
            }
            chunks.add(new Chunk(type, pos, end));
            pos = end;
            if (type.equals("IEND")) {
                break;
            }
        }
        if (!idat) {
            throw fail("it has no image data (no IDAT chunk)");
        }
        return new PngImage(b, chunks, (int) width, (int) height, exif);
    }

    @Override
    public byte[] withoutMetadata(int orientation) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
        out.write(bytes, 0, SIGNATURE_LENGTH);
        for (Chunk c : chunks) {
            if (CRITICAL.contains(c.type) || KEPT_ANCILLARY.contains(c.type)) {
                out.write(bytes, c.start, c.end - c.start);
            }
            if (c.type.equals("IHDR") && orientation != 1) {
                writeChunk(out, "eXIf", OrientationExif.tiff(orientation));
            }
        }
        return out.toByteArray();
    }

    static void writeChunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
        writeU32(out, data.length);
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        writeU32(out, crc.getValue());
    }

    private static void writeU32(ByteArrayOutputStream out, long v) {
        out.write((int) (v >>> 24) & 0xFF);
        out.write((int) (v >>> 16) & 0xFF);
        out.write((int) (v >>> 8) & 0xFF);
        out.write((int) v & 0xFF);
    }

    private static long u32(byte[] b, int at) {
        return ((long) (b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    private static PhotoRejectedException fail(String detail) {
        return PhotoRejectedException.malformed(ImageFormat.PNG, detail);
    }

    @Override
    public ImageFormat format() {
        return ImageFormat.PNG;
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
