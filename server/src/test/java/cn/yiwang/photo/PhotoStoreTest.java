package cn.yiwang.photo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhotoStoreTest {

    @TempDir
    Path dir;

    @Test
    void aPhotoIsStoredUnderItsSha256InTwoLevelsOfFolders() throws IOException {
        byte[] png = TestImages.png(4, 4);
        PhotoStore.Stored s = new PhotoStore(dir).put(png, ImageFormat.PNG);
        assertEquals(PhotoStore.sha256(png), s.id());
        assertTrue(PhotoStore.isId(s.id()));
        assertTrue(s.created());
        assertEquals(dir.resolve(s.id().substring(0, 2)).resolve(s.id().substring(2, 4)).resolve(s.id() + ".png"), s.path());
        assertArrayEquals(png, Files.readAllBytes(s.path()));
    }

    @Test
    void theIdIsTheStandardSha256() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", PhotoStore.sha256(new byte[0]));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", PhotoStore.sha256("abc".getBytes()));
    }

    @Test
    void storingTheSameBytesAgainWritesNothing() throws IOException {
        PhotoStore store = new PhotoStore(dir);
        byte[] jpeg = TestImages.jpeg(8, 8);
        PhotoStore.Stored first = store.put(jpeg, ImageFormat.JPEG);
        FileTime before = FileTime.fromMillis(1_000_000);
        Files.setLastModifiedTime(first.path(), before);
        PhotoStore.Stored again = store.put(jpeg.clone(), ImageFormat.JPEG);
        assertEquals(first.id(), again.id());
        assertFalse(again.created());
        assertEquals(before, Files.getLastModifiedTime(again.path()));
        assertEquals(1, files().size());
    }

    @Test
    void differentBytesGetDifferentIds() {
        PhotoStore store = new PhotoStore(dir);
        assertNotEquals(store.put(TestImages.jpeg(8, 8), ImageFormat.JPEG).id(), store.put(TestImages.jpeg(8, 9), ImageFormat.JPEG).id());
    }

    @Test
    void concurrentPutsOfOneImageLeaveOneCompleteFileAndNoTempFiles() throws Exception {
        PhotoStore store = new PhotoStore(dir);
        byte[] png = TestImages.png(64, 64);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<PhotoStore.Stored>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> store.put(png, ImageFormat.PNG)));
            }
            for (Future<PhotoStore.Stored> f : results) {
                assertEquals(PhotoStore.sha256(png), f.get().id());
            }
        } finally {
            pool.shutdown();
        }
        List<Path> files = files();
        assertEquals(1, files.size(), files.toString());
        assertArrayEquals(png, Files.readAllBytes(files.get(0)));
    }

    @Test
    void readingGivesTheBytesOrNothing() {
        PhotoStore store = new PhotoStore(dir);
        byte[] webp = TestImages.taggedWebp(1, 1, 1);
        String id = store.put(webp, ImageFormat.WEBP).id();
        assertArrayEquals(webp, store.read(id, ImageFormat.WEBP).orElseThrow());
        assertEquals(Optional.empty(), store.read(id, ImageFormat.PNG));
        assertEquals(Optional.empty(), store.read("0".repeat(64), ImageFormat.WEBP));
    }

    @Test
    void pathsAreOnlyMadeFromWellFormedIds() {
        PhotoStore store = new PhotoStore(dir);
        assertThrows(IllegalArgumentException.class, () -> store.path("../../etc/passwd", ImageFormat.JPEG));
        assertThrows(IllegalArgumentException.class, () -> store.path("A".repeat(64), ImageFormat.JPEG));
        assertFalse(PhotoStore.isId(null));
        assertFalse(PhotoStore.isId("ab".repeat(31)));
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}
