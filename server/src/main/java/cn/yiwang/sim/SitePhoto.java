package cn.yiwang.sim;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.random.RandomGenerator;

import javax.imageio.ImageIO;

/**
 * A stand-in for a photo taken on site: a small JPEG (320 × 240) of random coloured blocks, different
 * for every random stream, so each upload is its own photo (the server stores photos by content
 * hash). No EXIF, no location. Stateless and thread-safe.
 */
public final class SitePhoto {

    static final int WIDTH = 320;
    static final int HEIGHT = 240;

    private SitePhoto() {
    }

    /** JPEG bytes of a new picture drawn from {@code r}. */
    public static byte[] jpeg(RandomGenerator r) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            // Sky, ground, then a few "objects": enough structure for a thumbnail to look like a scene.
            g.setColor(new Color(150 + r.nextInt(80), 170 + r.nextInt(60), 200 + r.nextInt(55)));
            g.fillRect(0, 0, WIDTH, HEIGHT / 2);
            g.setColor(new Color(90 + r.nextInt(60), 90 + r.nextInt(60), 80 + r.nextInt(50)));
            g.fillRect(0, HEIGHT / 2, WIDTH, HEIGHT / 2);
            for (int i = 0, n = 3 + r.nextInt(6); i < n; i++) {
                g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256)));
                g.fillRect(r.nextInt(WIDTH - 20), HEIGHT / 3 + r.nextInt(HEIGHT / 2), 10 + r.nextInt(80), 10 + r.nextInt(60));
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(16_384);
        try {
            if (!ImageIO.write(image, "jpg", out)) {
                throw new IllegalStateException("no JPEG writer in this JVM");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
