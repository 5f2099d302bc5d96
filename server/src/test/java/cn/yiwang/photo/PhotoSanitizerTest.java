package cn.yiwang.photo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import cn.yiwang.photo.PhotoRejectedException.Reason;

class PhotoSanitizerTest {

    static final long MAX_BYTES = 10L * 1024 * 1024;
    static final long MAX_PIXELS = 50_000_000;

    static PhotoSanitizer.SanitizedPhoto sanitize(byte[] bytes, String declared) {
        return PhotoSanitizer.sanitize(bytes, declared, MAX_BYTES, MAX_PIXELS);
    }

    static PhotoRejectedException rejected(byte[] bytes, String declared) {
        return assertThrows(PhotoRejectedException.class, () -> sanitize(bytes, declared));
    }

    @Test
    void aCameraJpegGivesSizePositionTimeAndStrippedBytes() {
        PhotoSanitizer.SanitizedPhoto p = sanitize(TestImages.cameraJpeg(64, 48, 34.7466, 113.6253, 1), "image/jpeg");
        assertEquals(ImageFormat.JPEG, p.format());
        assertEquals(64, p.width());
        assertEquals(48, p.height());
        assertEquals(34.7466, p.exif().latitude(), 1e-7);
        assertEquals(113.6253, p.exif().longitude(), 1e-7);
        assertEquals("2024-05-01T09:30:15+08:00", p.exif().takenAtWithOffset().toString());
        assertArrayEquals(TestImages.jpeg(64, 48), p.bytes());
    }

    @Test
    void noDeclaredTypeOrOctetStreamLetsTheBytesDecide() {
        assertEquals(ImageFormat.PNG, sanitize(TestImages.png(3, 3), null).format());
        assertEquals(ImageFormat.WEBP, sanitize(TestImages.taggedWebp(1, 1, 1), "application/octet-stream").format());
    }

    @Test
    void aDeclaredTypeThatDisagreesWithTheBytesIsAMismatch() {
        PhotoRejectedException e = rejected(TestImages.jpeg(3, 3), "image/png");
        assertEquals(Reason.TYPE_MISMATCH, e.reason());
        assertEquals("The file is declared as image/png but its bytes are a JPEG image.", e.getMessage());
    }

    @Test
    void htmlNamedJpgIsUnsupportedAndNamedAsHtml() {
        PhotoRejectedException e = rejected("<!doctype html><html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8), "image/jpeg");
        assertEquals(Reason.UNSUPPORTED_TYPE, e.reason());
        assertTrue(e.getMessage().contains("HTML"), e.getMessage());
    }

    @Test
    void svgWithScriptAndGifAreUnsupported() {
        byte[] svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>".getBytes(StandardCharsets.UTF_8);
        assertEquals(Reason.UNSUPPORTED_TYPE, rejected(svg, "image/svg+xml").reason());
        assertEquals(Reason.UNSUPPORTED_TYPE, rejected(svg, null).reason());
        byte[] gif = TestImages.write(TestImages.picture(2, 2), "gif");
        PhotoRejectedException e = rejected(gif, "image/gif");
        assertEquals(Reason.UNSUPPORTED_TYPE, e.reason());
        assertTrue(e.getMessage().contains("GIF"), e.getMessage());
    }

    @Test
    void aPngDeclaredAsGifIsRefusedForItsDeclaredType() {
        PhotoRejectedException e = rejected(TestImages.png(2, 2), "image/gif");
        assertEquals(Reason.UNSUPPORTED_TYPE, e.reason());
        assertTrue(e.getMessage().contains("image/gif"), e.getMessage());
    }

    @Test
    void aHundredThousandSquarePngIsRefusedBeforeAnythingDecodesIt() {
        PhotoRejectedException e = rejected(TestImages.pngHeaderOnly(100_000, 100_000), "image/png");
        assertEquals(Reason.TOO_MANY_PIXELS, e.reason());
        assertTrue(e.getMessage().contains("100000 × 100000"), e.getMessage());
    }

    @Test
    void aWebpCanvasAboveThePixelLimitIsRefused() {
        byte[] huge = TestImages.webp(TestImages.riffChunk("VP8X", TestImages.vp8x(0, 16384, 16384)),
                TestImages.riffChunk("VP8L", TestImages.vp8lPayload(16384, 16384)));
        assertEquals(Reason.TOO_MANY_PIXELS, rejected(huge, null).reason());
    }

    @Test
    void moreBytesThanAllowedIsTooLarge() {
        byte[] jpeg = TestImages.jpeg(8, 8);
        PhotoRejectedException e = assertThrows(PhotoRejectedException.class,
                () -> PhotoSanitizer.sanitize(jpeg, "image/jpeg", jpeg.length - 1, MAX_PIXELS));
        assertEquals(Reason.TOO_LARGE, e.reason());
        assertEquals(ImageFormat.JPEG, PhotoSanitizer.sanitize(jpeg, "image/jpeg", jpeg.length, MAX_PIXELS).format());
    }

    @Test
    void emptyIsMalformed() {
        assertEquals(Reason.MALFORMED, rejected(new byte[0], "image/jpeg").reason());
    }

    @Test
    void everyTruncationOfEachFormatIsRefusedAsMalformed() {
        for (byte[] image : List.of(TestImages.cameraJpeg(16, 16, 1, 1, 6), TestImages.taggedPng(8, 8, 1, 1, 1),
                TestImages.taggedWebp(1, 1, 1))) {
            int end = image.length;
            ImageFormat format = ImageFormat.sniff(image).orElseThrow();
            if (format == ImageFormat.JPEG) {
                end = TestImages.indexOf(image, "SEFH".getBytes(StandardCharsets.US_ASCII));
            } else if (format == ImageFormat.PNG) {
                end = TestImages.indexOf(image, "trailer".getBytes(StandardCharsets.US_ASCII));
            }
            for (int n = 0; n < end; n++) {
                byte[] cut = Arrays.copyOf(image, n);
                PhotoRejectedException e = assertThrows(PhotoRejectedException.class, () -> sanitize(cut, null),
                        format + " cut to " + n + " bytes");
                assertTrue(e.reason() == Reason.MALFORMED || (n < 12 && e.reason() == Reason.UNSUPPORTED_TYPE),
                        format + " cut to " + n + ": " + e.reason());
            }
        }
    }

    @Test
    void aPngWithAFlippedByteFailsItsCrc() {
        byte[] png = TestImages.png(8, 8);
        png[png.length / 2] ^= 0x40;
        PhotoRejectedException e = rejected(png, "image/png");
        assertEquals(Reason.MALFORMED, e.reason());
        assertTrue(e.getMessage().contains("CRC"), e.getMessage());
    }

    @Test
    void animatedPngAndWebpAreNotPhotos() {
        byte[] apng = TestImages.insertAfterIhdr(TestImages.png(4, 4), TestImages.pngChunk("acTL", new byte[8]));
        assertEquals(Reason.UNSUPPORTED_TYPE, rejected(apng, "image/png").reason());
        byte[] animated = TestImages.webp(TestImages.riffChunk("VP8X", TestImages.vp8x(0x02, 1, 1)),
                TestImages.riffChunk("ANIM", new byte[6]));
        assertEquals(Reason.UNSUPPORTED_TYPE, rejected(animated, "image/webp").reason());
    }

    @Test
    void aJpegWithoutFrameOrScanIsMalformed() {
        byte[] headerOnly = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9};
        assertEquals(Reason.MALFORMED, rejected(headerOnly, null).reason());
        byte[] commentOnly = TestImages.concat(new byte[] {(byte) 0xFF, (byte) 0xD8},
                TestImages.segment(0xFE, "<script>".getBytes(StandardCharsets.US_ASCII)), new byte[] {(byte) 0xFF, (byte) 0xD9});
        assertEquals(Reason.MALFORMED, rejected(commentOnly, null).reason());
    }

    @Test
    void aWebpWhoseImageIsLargerThanItsCanvasIsMalformed() {
        byte[] lying = TestImages.webp(TestImages.riffChunk("VP8X", TestImages.vp8x(0, 1, 1)),
                TestImages.riffChunk("VP8L", TestImages.vp8lPayload(5000, 5000)));
        assertEquals(Reason.MALFORMED, rejected(lying, null).reason());
    }

    @Test
    void aHostileExifLoopInAJpegStillUploadsWithoutAPosition() {
        TiffBuilder t = TiffBuilder.bigEndian();
        t.ifd0.add(t.longValue(ExifReader.TAG_GPS_IFD, 8));
        t.ifd0.add(t.longValue(ExifReader.TAG_EXIF_IFD, 8));
        byte[] jpeg = TestImages.insertAfterSoi(TestImages.jpeg(8, 8), TestImages.app1Exif(t.build()));
        PhotoSanitizer.SanitizedPhoto p = sanitize(jpeg, "image/jpeg");
        assertEquals(false, p.exif().hasLocation());
        assertArrayEquals(TestImages.jpeg(8, 8), p.bytes());
    }

    @Test
    void randomlyCorruptedImagesAreEitherAcceptedOrRefusedNeverCrash() {
        Random random = new Random(5);
        for (byte[] image : List.of(TestImages.cameraJpeg(16, 16, 34.7, 113.6, 6), TestImages.taggedPng(8, 8, 34.7, 113.6, 3),
                TestImages.taggedWebp(34.7, 113.6, 6), TestImages.progressiveJpeg(16, 16))) {
            for (int round = 0; round < 3000; round++) {
                byte[] bad = image.clone();
                int flips = 1 + random.nextInt(6);
                for (int i = 0; i < flips; i++) {
                    bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
                }
                try {
                    PhotoSanitizer.SanitizedPhoto p = sanitize(bad, null);
                    assertTrue(p.width() > 0 && p.height() > 0);
                    assertArrayEquals(p.bytes(), MetadataStripper.strip(p.bytes()), "stripped output strips to itself");
                } catch (PhotoRejectedException expected) {
                    assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
                }
            }
        }
    }
}
