package cn.yiwang.photo;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Test images made in code: JPEG and PNG written by ImageIO, WebP assembled by hand, plus ways to
 * plant metadata in them the way cameras and editors do. Every planted text carries
 * {@link #SECRET_OWNER} or {@link #SECRET_PHONE} so a test can search the output for it.
 */
final class TestImages {

    static final String SECRET_OWNER = "Camera owner Zhang Wei";
    static final String SECRET_PHONE = "13812345678";

    /** A 1×1 lossless WebP payload (VP8L chunk data, padded), the classic feature-detection image. */
    static final byte[] VP8L_1X1 = Base64.getDecoder().decode("LwAAABAHEBERiIj+BwA=");

    private TestImages() {
    }

    /** A w × h RGB picture with a pattern that varies per pixel. */
    static BufferedImage picture(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, ((x * 7) & 0xFF) << 16 | ((y * 5) & 0xFF) << 8 | ((x * y) & 0xFF));
            }
        }
        return img;
    }

    static byte[] jpeg(int w, int h) {
        return write(picture(w, h), "jpg");
    }

    static byte[] png(int w, int h) {
        return write(picture(w, h), "png");
    }

    static byte[] progressiveJpeg(int w, int h) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            writer.write(null, new IIOImage(picture(w, h), null, null), p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    static byte[] write(BufferedImage img, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The decoded pixels (ARGB), for comparing images. */
    static int[] pixels(byte[] image) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(image));
            if (img == null) {
                throw new AssertionError("ImageIO cannot decode the image");
            }
            return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A camera-like EXIF: owner, serial, maker note, user comment, time, position, orientation. */
    static byte[] cameraExif(double lat, double lon, int orientation) {
        TiffBuilder t = TiffBuilder.bigEndian();
        t.ifd0.add(t.ascii(0x010F, "HUAWEI"));
        t.ifd0.add(t.ascii(0x0110, "P60 Pro"));
        t.ifd0.add(t.shortValue(ExifReader.TAG_ORIENTATION, orientation));
        t.ifd0.add(t.ascii(0x013B, SECRET_OWNER));
        t.ifd0.add(t.ascii(0x8298, "(c) " + SECRET_PHONE));
        t.exif.add(t.ascii(ExifReader.TAG_DATE_TIME_ORIGINAL, "2024:05:01 09:30:15"));
        t.exif.add(t.ascii(ExifReader.TAG_OFFSET_TIME_ORIGINAL, "+08:00"));
        t.exif.add(t.undefined(0x927C, ("HUAWEI\0\0MakerNote serial SN-998877 " + SECRET_PHONE).getBytes(StandardCharsets.US_ASCII)));
        t.exif.add(t.undefined(0x9286, ("ASCII\0\0\0call " + SECRET_PHONE).getBytes(StandardCharsets.US_ASCII)));
        t.exif.add(t.ascii(0xA431, "BODY-SERIAL-42"));
        t.position(lat, lon);
        return t.build();
    }

    /** A JPEG segment: FF, marker, length, payload. */
    static byte[] segment(int marker, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(marker);
        int length = payload.length + 2;
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    static byte[] app1Exif(byte[] tiff) {
        return segment(0xE1, concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), tiff));
    }

    /** The JPEG with {@code segments} right after SOI, as cameras put APP1 EXIF. */
    static byte[] insertAfterSoi(byte[] jpeg, byte[]... segments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        for (byte[] s : segments) {
            out.writeBytes(s);
        }
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** A JPEG as a phone writes it: EXIF, XMP, Photoshop/IPTC, a comment, and a trailer after EOI. */
    static byte[] cameraJpeg(int w, int h, double lat, double lon, int orientation) {
        byte[] base = jpeg(w, h);
        byte[] xmp = segment(0xE1, ("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><dc:creator>" + SECRET_OWNER
                + "</dc:creator></x:xmpmeta>").getBytes(StandardCharsets.UTF_8));
        byte[] iptc = segment(0xED, ("Photoshop 3.0\0" + "8BIM\u0004\u0004 byline " + SECRET_OWNER).getBytes(StandardCharsets.ISO_8859_1));
        byte[] comment = segment(0xFE, ("owner phone " + SECRET_PHONE).getBytes(StandardCharsets.US_ASCII));
        byte[] withMeta = insertAfterSoi(base, app1Exif(cameraExif(lat, lon, orientation)), xmp, iptc, comment);
        return concat(withMeta, ("SEFH trailer " + SECRET_OWNER + " <script>alert(1)</script>").getBytes(StandardCharsets.UTF_8));
    }

    // PNG

    static byte[] pngChunk(String type, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PngImage.writeChunk(out, type, data);
        return out.toByteArray();
    }

    /** The PNG with {@code chunks} right after IHDR. */
    static byte[] insertAfterIhdr(byte[] png, byte[]... chunks) {
        int afterIhdr = 8 + 8 + 13 + 4;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, afterIhdr);
        for (byte[] c : chunks) {
            out.writeBytes(c);
        }
        out.write(png, afterIhdr, png.length - afterIhdr);
        return out.toByteArray();
    }

    /** A PNG with text, compressed text, international text, time, EXIF, and bytes after IEND. */
    static byte[] taggedPng(int w, int h, double lat, double lon, int orientation) {
        byte[] deflated = deflate(("phone " + SECRET_PHONE).getBytes(StandardCharsets.US_ASCII));
        byte[] zTxt = concat("Comment\0\0".getBytes(StandardCharsets.ISO_8859_1), deflated);
        return concat(insertAfterIhdr(png(w, h),
                pngChunk("tEXt", ("Author\0" + SECRET_OWNER).getBytes(StandardCharsets.ISO_8859_1)),
                pngChunk("iTXt", ("Description\0\0\0\0\0" + "拍摄者 " + SECRET_OWNER).getBytes(StandardCharsets.UTF_8)),
                pngChunk("zTXt", zTxt),
                pngChunk("tIME", new byte[] {0x07, (byte) 0xE8, 5, 1, 9, 30, 15}),
                pngChunk("gAMA", new byte[] {0, 0, (byte) 0xB1, (byte) 0x8F}),
                pngChunk("eXIf", cameraExif(lat, lon, orientation))),
                ("trailer " + SECRET_OWNER).getBytes(StandardCharsets.US_ASCII));
    }

    /** A PNG header declaring w × h pixels, with one tiny IDAT and IEND (CRCs valid). */
    static byte[] pngHeaderOnly(long w, long h) {
        byte[] ihdr = new byte[13];
        writeU32(ihdr, 0, w);
        writeU32(ihdr, 4, h);
        ihdr[8] = 8;
        ihdr[9] = 2;
        return concat(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, pngChunk("IHDR", ihdr),
                pngChunk("IDAT", deflate(new byte[16])), pngChunk("IEND", new byte[0]));
    }

    static byte[] deflate(byte[] data) {
        Deflater d = new Deflater();
        d.setInput(data);
        d.finish();
        byte[] buf = new byte[data.length + 64];
        int n = d.deflate(buf);
        d.end();
        return java.util.Arrays.copyOf(buf, n);
    }

    // WebP

    static byte[] riffChunk(String fourCc, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(fourCc.getBytes(StandardCharsets.ISO_8859_1));
        byte[] size = new byte[4];
        writeU32le(size, 0, data.length);
        out.writeBytes(size);
        out.writeBytes(data);
        if ((data.length & 1) != 0) {
            out.write(0);
        }
        return out.toByteArray();
    }

    static byte[] webp(byte[]... chunks) {
        byte[] body = concat(chunks);
        byte[] header = new byte[12];
        System.arraycopy("RIFF".getBytes(StandardCharsets.ISO_8859_1), 0, header, 0, 4);
        writeU32le(header, 4, 4 + body.length);
        System.arraycopy("WEBP".getBytes(StandardCharsets.ISO_8859_1), 0, header, 8, 4);
        return concat(header, body);
    }

    /** A VP8L header (signature, 14-bit width − 1, height − 1, no alpha, version 0) and the 1×1 image's remaining bits. */
    static byte[] vp8lPayload(int w, int h) {
        byte[] p = VP8L_1X1.clone();
        long bits = (w - 1) | ((long) (h - 1) << 14) | (((long) (p[4] & 0xFF) >> 4) << 28);
        writeU32le(p, 1, bits);
        return p;
    }

    /** A VP8X chunk payload: flags and canvas size. */
    static byte[] vp8x(int flags, int w, int h) {
        byte[] d = new byte[10];
        d[0] = (byte) flags;
        d[4] = (byte) (w - 1);
        d[5] = (byte) ((w - 1) >> 8);
        d[6] = (byte) ((w - 1) >> 16);
        d[7] = (byte) (h - 1);
        d[8] = (byte) ((h - 1) >> 8);
        d[9] = (byte) ((h - 1) >> 16);
        return d;
    }

    /** An extended WebP: VP8X with EXIF and XMP flags, the 1×1 lossless image, EXIF and XMP chunks. */
    static byte[] taggedWebp(double lat, double lon, int orientation) {
        return webp(riffChunk("VP8X", vp8x(0x08 | 0x04, 1, 1)),
                riffChunk("VP8L", java.util.Arrays.copyOf(VP8L_1X1, 13)),
                riffChunk("EXIF", cameraExif(lat, lon, orientation)),
                riffChunk("XMP ", ("<x:xmpmeta><dc:creator>" + SECRET_OWNER + "</dc:creator></x:xmpmeta>").getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static boolean contains(byte[] haystack, String needle) {
        return indexOf(haystack, needle.getBytes(StandardCharsets.UTF_8)) >= 0;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static void writeU32(byte[] b, int at, long v) {
        b[at] = (byte) (v >> 24);
        b[at + 1] = (byte) (v >> 16);
        b[at + 2] = (byte) (v >> 8);
        b[at + 3] = (byte) v;
    }

    static void writeU32le(byte[] b, int at, long v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >> 8);
        b[at + 2] = (byte) (v >> 16);
        b[at + 3] = (byte) (v >> 24);
    }

    static long crc(byte[] b, int from, int length) {
        CRC32 c = new CRC32();
        c.update(b, from, length);
        return c.getValue();
    }
}
