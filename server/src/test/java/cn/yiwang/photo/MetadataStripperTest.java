package cn.yiwang.photo;

import static cn.yiwang.photo.TestImages.SECRET_OWNER;
import static cn.yiwang.photo.TestImages.SECRET_PHONE;
import static cn.yiwang.photo.TestImages.contains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class MetadataStripperTest {

    static void assertNoPersonalData(byte[] stripped) {
        assertFalse(contains(stripped, SECRET_OWNER), "owner name left in the output");
        assertFalse(contains(stripped, SECRET_PHONE), "phone number left in the output");
        assertFalse(contains(stripped, "HUAWEI"), "camera make left in the output");
        assertFalse(contains(stripped, "SN-998877"), "maker note left in the output");
        assertFalse(contains(stripped, "xmpmeta"), "XMP left in the output");
        assertFalse(contains(stripped, "<script>"), "trailer left in the output");
    }

    /** The JPEG markers in order, walking segments and skipping scan data. */
    static List<Integer> jpegMarkers(byte[] jpeg) {
        List<Integer> markers = new ArrayList<>();
        int pos = 2;
        while (pos + 1 < jpeg.length) {
            int m = jpeg[pos + 1] & 0xFF;
            markers.add(m);
            if (m == 0xD9) {
                break;
            }
            int length = ((jpeg[pos + 2] & 0xFF) << 8) | (jpeg[pos + 3] & 0xFF);
            pos += 2 + length;
            if (m == 0xDA) {
                while (!((jpeg[pos] & 0xFF) == 0xFF && (jpeg[pos + 1] & 0xFF) != 0 && ((jpeg[pos + 1] & 0xFF) < 0xD0 || (jpeg[pos + 1] & 0xFF) > 0xD7))) {
                    pos++;
                }
            }
        }
        return markers;
    }

    @Test
    void jpegLosesExifXmpIptcCommentAndTrailerButKeepsItsPixels() {
        byte[] camera = TestImages.cameraJpeg(40, 30, 34.7466, 113.6253, 1);
        assertTrue(contains(camera, SECRET_OWNER) && contains(camera, SECRET_PHONE), "the test image carries the secrets");
        byte[] stripped = MetadataStripper.strip(camera);
        assertNoPersonalData(stripped);
        assertFalse(contains(stripped, "Exif"), "orientation 1 needs no EXIF at all");
        List<Integer> markers = jpegMarkers(stripped);
        assertFalse(markers.contains(0xE1) || markers.contains(0xED) || markers.contains(0xFE), "markers " + markers);
        assertEquals(0xD9, markers.get(markers.size() - 1));
        assertEquals(0xD9, stripped[stripped.length - 1] & 0xFF, "nothing after EOI");
        assertArrayEquals(TestImages.pixels(camera), TestImages.pixels(stripped));
        assertArrayEquals(TestImages.jpeg(40, 30), stripped, "exactly ImageIO's file before metadata was planted");
    }

    @Test
    void jpegOrientationSurvivesAsAOneTagExif() {
        byte[] stripped = MetadataStripper.strip(TestImages.cameraJpeg(16, 8, -33.8568, 151.2153, 6));
        assertNoPersonalData(stripped);
        JpegImage parsed = JpegImage.parse(stripped);
        assertArrayEquals(OrientationExif.tiff(6), parsed.exif());
        ExifData exif = ExifReader.read(parsed.exif());
        assertEquals(6, exif.orientation());
        assertNull(exif.latitude());
        assertNull(exif.takenAt());
        assertArrayEquals(TestImages.pixels(TestImages.jpeg(16, 8)), TestImages.pixels(stripped));
    }

    @Test
    void progressiveJpegIsWalkedThroughItsScansAndCommentsBetweenScansGo() {
        byte[] progressive = TestImages.progressiveJpeg(24, 24);
        int secondScan = TestImages.indexOf(progressive, new byte[] {(byte) 0xFF, (byte) 0xDA});
        secondScan = TestImages.indexOf(Arrays.copyOfRange(progressive, secondScan + 2, progressive.length), new byte[] {(byte) 0xFF, (byte) 0xDA})
                + secondScan + 2;
        byte[] comment = TestImages.segment(0xFE, ("between scans " + SECRET_PHONE).getBytes(StandardCharsets.US_ASCII));
        byte[] tagged = TestImages.concat(Arrays.copyOf(progressive, secondScan), comment,
                Arrays.copyOfRange(progressive, secondScan, progressive.length));
        byte[] stripped = MetadataStripper.strip(tagged);
        assertFalse(contains(stripped, SECRET_PHONE));
        assertArrayEquals(progressive, stripped);
        assertArrayEquals(TestImages.pixels(progressive), TestImages.pixels(stripped));
    }

    @Test
    void jpegKeepsJfifIccAndAdobeSegments() {
        byte[] icc = TestImages.segment(0xE2, "ICC_PROFILE\0\1\1fake-profile".getBytes(StandardCharsets.ISO_8859_1));
        byte[] adobe = TestImages.segment(0xEE, "Adobe\0d\0\0\0\0\1".getBytes(StandardCharsets.ISO_8859_1));
        byte[] mpf = TestImages.segment(0xE2, ("MPF\0" + SECRET_OWNER).getBytes(StandardCharsets.ISO_8859_1));
        byte[] base = TestImages.jpeg(8, 8);
        int afterJfif = 2 + 2 + (((base[4] & 0xFF) << 8) | (base[5] & 0xFF));
        byte[] tagged = TestImages.concat(Arrays.copyOf(base, afterJfif), icc, mpf, adobe, Arrays.copyOfRange(base, afterJfif, base.length));
        byte[] stripped = MetadataStripper.strip(tagged);
        assertTrue(contains(stripped, "JFIF"));
        assertTrue(contains(stripped, "fake-profile"));
        assertTrue(contains(stripped, "Adobe"));
        assertFalse(contains(stripped, SECRET_OWNER));
    }

    @Test
    void pngLosesTextTimeAndExifChunksButKeepsItsPixelsAndGamma() {
        byte[] tagged = TestImages.taggedPng(20, 10, 34.7, 113.6, 1);
        byte[] stripped = MetadataStripper.strip(tagged);
        assertNoPersonalData(stripped);
        for (String chunk : List.of("tEXt", "iTXt", "zTXt", "tIME", "eXIf")) {
            assertFalse(contains(stripped, chunk), chunk + " left in the output");
        }
        assertTrue(contains(stripped, "gAMA"));
        assertTrue(contains(stripped, "IEND"));
        assertEquals("IEND", new String(stripped, stripped.length - 8, 4, StandardCharsets.ISO_8859_1), "nothing after IEND");
        assertArrayEquals(TestImages.pixels(tagged), TestImages.pixels(stripped));
        PngImage.parse(stripped);
    }

    @Test
    void pngOrientationSurvivesAsAOneTagExifChunk() {
        byte[] stripped = MetadataStripper.strip(TestImages.taggedPng(6, 4, 34.7, 113.6, 8));
        assertNoPersonalData(stripped);
        PngImage parsed = PngImage.parse(stripped);
        assertArrayEquals(OrientationExif.tiff(8), parsed.exif());
        assertArrayEquals(TestImages.pixels(TestImages.png(6, 4)), TestImages.pixels(stripped));
    }

    @Test
    void webpLosesExifAndXmpChunksAndFlagsButKeepsItsImageChunk() {
        byte[] tagged = TestImages.taggedWebp(34.7, 113.6, 1);
        byte[] stripped = MetadataStripper.strip(tagged);
        assertNoPersonalData(stripped);
        assertFalse(contains(stripped, "EXIF") || contains(stripped, "XMP "));
        assertEquals(0, stripped[20] & (0x08 | 0x04), "VP8X flags still announce EXIF or XMP");
        byte[] expected = TestImages.webp(TestImages.riffChunk("VP8X", TestImages.vp8x(0, 1, 1)),
                TestImages.riffChunk("VP8L", Arrays.copyOf(TestImages.VP8L_1X1, 13)));
        assertArrayEquals(expected, stripped);
        assertEquals(stripped.length - 8, (stripped[4] & 0xFF) | (stripped[5] & 0xFF) << 8, "RIFF size");
    }

    @Test
    void webpOrientationSurvivesAsAOneTagExifChunkWithItsFlag() {
        byte[] stripped = MetadataStripper.strip(TestImages.taggedWebp(34.7, 113.6, 3));
        assertNoPersonalData(stripped);
        assertEquals(0x08, stripped[20] & (0x08 | 0x04));
        WebpImage parsed = WebpImage.parse(stripped);
        assertArrayEquals(OrientationExif.tiff(3), parsed.exif());
        assertEquals(stripped.length - 8, (stripped[4] & 0xFF) | (stripped[5] & 0xFF) << 8, "RIFF size");
    }

    @Test
    void strippingTwiceChangesNothingMore() {
        for (byte[] image : List.of(TestImages.cameraJpeg(9, 7, 1, 1, 6), TestImages.taggedPng(5, 5, 1, 1, 2),
                TestImages.taggedWebp(1, 1, 5))) {
            byte[] once = MetadataStripper.strip(image);
            assertArrayEquals(once, MetadataStripper.strip(once));
        }
    }

    @Test
    void sizesComeFromTheHeaders() {
        assertEquals(List.of(40, 30), size(JpegImage.parse(TestImages.jpeg(40, 30))));
        assertEquals(List.of(17, 3), size(PngImage.parse(TestImages.png(17, 3))));
        byte[] simple = TestImages.webp(TestImages.riffChunk("VP8L", TestImages.vp8lPayload(300, 200)));
        assertEquals(List.of(300, 200), size(WebpImage.parse(simple)));
        byte[] extended = TestImages.webp(TestImages.riffChunk("VP8X", TestImages.vp8x(0, 4000, 3000)),
                TestImages.riffChunk("VP8L", TestImages.vp8lPayload(4000, 3000)));
        assertEquals(List.of(4000, 3000), size(WebpImage.parse(extended)));
    }

    static List<Integer> size(ParsedImage image) {
        return List.of(image.width(), image.height());
    }
}
