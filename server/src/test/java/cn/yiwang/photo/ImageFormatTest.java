package cn.yiwang.photo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ImageFormatTest {

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void jpegPngAndWebpAreRecognisedByTheirMagicBytes() {
        assertEquals(Optional.of(ImageFormat.JPEG), ImageFormat.sniff(TestImages.jpeg(4, 4)));
        assertEquals(Optional.of(ImageFormat.PNG), ImageFormat.sniff(TestImages.png(4, 4)));
        assertEquals(Optional.of(ImageFormat.WEBP), ImageFormat.sniff(TestImages.taggedWebp(34.7, 113.6, 1)));
    }

    @Test
    void otherFormatsAreNotPhotosAndAreNamed() {
        assertEquals(Optional.empty(), ImageFormat.sniff(ascii("GIF89a\1\0\1\0")));
        assertEquals("a GIF image", ImageFormat.describe(ascii("GIF89a\1\0\1\0")));
        String svg = "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>";
        assertEquals(Optional.empty(), ImageFormat.sniff(ascii(svg)));
        assertEquals("an SVG document", ImageFormat.describe(ascii(svg)));
        assertEquals("HTML", ImageFormat.describe(ascii("<!DOCTYPE html><html><body>hi</body></html>")));
        assertTrue(ImageFormat.describe(ascii("\0\0\0\u0018ftypheic\0\0\0\0")).startsWith("a HEIC/HEIF image"));
        assertEquals("a RIFF file that is not WebP", ImageFormat.describe(ascii("RIFF\4\0\0\0WAVE")));
        assertEquals("a PDF document", ImageFormat.describe(ascii("%PDF-1.7")));
        assertEquals("empty", ImageFormat.describe(new byte[0]));
    }

    @Test
    void aJpegPrefixAloneIsNotEnoughForWebpOrPng() {
        assertEquals(Optional.empty(), ImageFormat.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8}));
        assertEquals(Optional.empty(), ImageFormat.sniff(ascii("RIFF\0\0\0\0WEB")));
        assertEquals(Optional.empty(), ImageFormat.sniff(new byte[] {(byte) 0x89, 'P', 'N', 'G'}));
    }

    @Test
    void declaredMediaTypesIgnoreCaseAndParametersAndAcceptTheJpgMisspelling() {
        assertEquals(Optional.of(ImageFormat.JPEG), ImageFormat.ofContentType("IMAGE/JPEG; q=1"));
        assertEquals(Optional.of(ImageFormat.JPEG), ImageFormat.ofContentType("image/jpg"));
        assertEquals(Optional.of(ImageFormat.WEBP), ImageFormat.ofContentType("image/webp"));
        assertEquals(Optional.empty(), ImageFormat.ofContentType("image/svg+xml"));
        assertEquals(Optional.empty(), ImageFormat.ofContentType(null));
    }
}
