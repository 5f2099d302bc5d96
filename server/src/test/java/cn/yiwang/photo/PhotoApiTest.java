package cn.yiwang.photo;

import static cn.yiwang.photo.TestImages.SECRET_OWNER;
import static cn.yiwang.photo.TestImages.SECRET_PHONE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.security.DemoUsers;
import cn.yiwang.security.Role;
import cn.yiwang.testing.Http;
import cn.yiwang.testing.PostgisTest;
import cn.yiwang.testing.TestPostgis;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.generator.AccessRefreshTokenGenerator;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PhotoApiTest implements PostgisTest {

    static final Path PHOTO_DIR;

    static {
        try {
            PHOTO_DIR = TestPostgis.tempDir("yiwang-test-photos");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;
    @Inject
    AccessRefreshTokenGenerator tokens;
    @Inject
    GrantedPhotos granted;
    Http http;
    final HttpClient client = HttpClient.newHttpClient();
    String worker;
    String otherWorker;
    String dispatcher;
    String analyst;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(PostgisTest.super.getProperties());
        p.put("yiwang.photos.directory", PHOTO_DIR.toString());
        return p;
    }

    @BeforeAll
    void logIn() {
        http = new Http(server, json);
        worker = http.login("worker", DemoUsers.DEMO_PASSWORD);
        // A second grid worker's token, minted as login would; no user row, so the shared cluster's users stay the demo seven.
        otherWorker = tokens.generate(Authentication.build("worker2", List.of(Role.GRID_WORKER_KEY),
                Map.of("scope", "410103001005", "name", "另一网格员（测试）"))).orElseThrow().getAccessToken();
        dispatcher = http.login("dispatcher", DemoUsers.DEMO_PASSWORD);
        analyst = http.login("analyst", DemoUsers.DEMO_PASSWORD);
    }

    /** A response with its raw bytes and, when JSON, its decoded body. */
    record Answer(int status, String contentType, byte[] body, HttpResponse<byte[]> raw, Map<String, Object> json) {

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    @SuppressWarnings("unchecked")
    Answer send(HttpRequest.Builder b, String token) {
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            String type = r.headers().firstValue("content-type").orElse("");
            Map<String, Object> decoded = type.contains("json") && r.body().length > 0 ? json.readValue(r.body(), Map.class) : null;
            return new Answer(r.statusCode(), type, r.body(), r, decoded);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Answer postRaw(byte[] body, String contentType, String token) {
        return send(HttpRequest.newBuilder(server.getURI().resolve("/api/photos")).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), token);
    }

    Answer postMultipart(String field, String filename, String partType, byte[] content, String token) {
        String boundary = "----yiwang-test-boundary-7MA4YWxkTrZu0gW";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n现场照片\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename + "\"\r\n"
                + "Content-Type: " + partType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(server.getURI().resolve("/api/photos"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestImages.concat(head, content, tail))), token);
    }

    Answer get(String path, String token, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.getURI().resolve(path)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b, token);
    }

    static void assertProblem(Answer a, int status, String type, String detailPart) {
        assertEquals(status, a.status(), a.text());
        assertTrue(a.contentType().startsWith("application/problem+json"), a.contentType());
        assertEquals(type, a.json().get("type"), a.text());
        assertTrue(String.valueOf(a.json().get("detail")).contains(detailPart), a.text());
    }

    /** A JPEG unique to the calling test (its size), with camera metadata. */
    static byte[] cameraJpeg(int w, double lat, double lon) {
        return TestImages.cameraJpeg(w, 24, lat, lon, 1);
    }

    @SuppressWarnings("unchecked")
    @Test
    void rawJpegUploadAnswers201WithSizePositionAndTime() {
        Answer a = postRaw(cameraJpeg(101, 34.7466, 113.6253), "image/jpeg", worker);
        assertEquals(201, a.status(), a.text());
        String id = (String) a.json().get("id");
        assertEquals(PhotoStore.sha256(TestImages.jpeg(101, 24)), id, "the id is the SHA-256 of the stripped bytes");
        assertEquals("/api/photos/" + id, a.json().get("url"));
        assertEquals("/api/photos/" + id, a.header("Location"));
        assertEquals("image/jpeg", a.json().get("contentType"));
        assertEquals(TestImages.jpeg(101, 24).length, ((Number) a.json().get("bytes")).intValue());
        assertEquals(101, ((Number) a.json().get("width")).intValue());
        assertEquals(24, ((Number) a.json().get("height")).intValue());
        Map<String, Object> location = (Map<String, Object>) a.json().get("location");
        assertEquals(113.6253, ((Number) location.get("lon")).doubleValue(), 1e-7);
        assertEquals(34.7466, ((Number) location.get("lat")).doubleValue(), 1e-7);
        assertEquals("wgs84", location.get("crs"));
        assertEquals("2024-05-01T09:30:15+08:00", a.json().get("takenAt"));
    }

    @Test
    void aPhotoWithoutExifHasNullLocationAndTime() {
        Answer a = postRaw(TestImages.png(102, 5), "image/png", worker);
        assertEquals(201, a.status(), a.text());
        assertTrue(a.json().containsKey("location"));
        assertNull(a.json().get("location"));
        assertNull(a.json().get("takenAt"));
    }

    @Test
    void theSameBytesAgainAnswer200WithTheSameIdAndTheNewUploaderMayReadThem() {
        byte[] jpeg = cameraJpeg(103, 34.75, 113.62);
        Answer first = postRaw(jpeg, "image/jpeg", worker);
        assertEquals(201, first.status(), first.text());
        Answer again = postRaw(jpeg, "image/jpeg", worker);
        assertEquals(200, again.status(), again.text());
        assertEquals(first.json(), again.json());
        String id = (String) first.json().get("id");
        assertEquals(403, get("/api/photos/" + id, otherWorker).status());
        Answer byOther = postRaw(jpeg, "image/jpeg", otherWorker);
        assertEquals(200, byOther.status(), byOther.text());
        assertEquals(id, byOther.json().get("id"));
        assertEquals(200, get("/api/photos/" + id, otherWorker).status());
    }

    @Test
    void multipartUploadIsAcceptedAndTheNoteFieldIgnored() {
        Answer a = postMultipart("file", "IMG_0001.png", "image/png", TestImages.taggedPng(104, 9, -33.8568, 151.2153, 1), worker);
        assertEquals(201, a.status(), a.text());
        assertEquals("image/png", a.json().get("contentType"));
        assertEquals(104, ((Number) a.json().get("width")).intValue());
        @SuppressWarnings("unchecked")
        Map<String, Object> location = (Map<String, Object>) a.json().get("location");
        assertEquals(-33.8568, ((Number) location.get("lat")).doubleValue(), 1e-7);
        assertEquals(151.2153, ((Number) location.get("lon")).doubleValue(), 1e-7);
    }

    @Test
    void multipartWebpWithAGenericPartTypeIsAccepted() {
        Answer a = postMultipart("file", "photo.webp", "application/octet-stream", TestImages.taggedWebp(34.7, 113.6, 6), worker);
        assertEquals(201, a.status(), a.text());
        assertEquals("image/webp", a.json().get("contentType"));
    }

    @Test
    void multipartWithoutAFilePartIs400NamingTheField() {
        Answer a = postMultipart("picture", "x.jpg", "image/jpeg", TestImages.jpeg(105, 4), worker);
        assertProblem(a, 400, "/problems/invalid-body", "'file'");
    }

    @Test
    void anOversizedUploadIs413ProblemJson() {
        byte[] big = new byte[10 * 1024 * 1024 + 1];
        byte[] jpeg = TestImages.jpeg(106, 4);
        System.arraycopy(jpeg, 0, big, 0, jpeg.length);
        assertProblem(postRaw(big, "image/jpeg", worker), 413, "/problems/photo-too-large", "10485760");
        assertProblem(postMultipart("file", "big.jpg", "image/jpeg", big, worker), 413, "/problems/photo-too-large", "10485760");
    }

    @Test
    void htmlSentAsJpegIs415NamingHtml() {
        byte[] html = "<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>".getBytes(StandardCharsets.UTF_8);
        assertProblem(postRaw(html, "image/jpeg", worker), 415, "/problems/unsupported-photo-type", "HTML");
        assertProblem(postMultipart("file", "evil.jpg", "image/jpeg", html, worker), 415, "/problems/unsupported-photo-type", "HTML");
    }

    @Test
    void svgAndGifAre415() {
        byte[] svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".getBytes(StandardCharsets.UTF_8);
        assertProblem(postRaw(svg, "image/svg+xml", worker), 415, "/problems/unsupported-media-type", "[image/svg+xml] not allowed");
        assertProblem(postMultipart("file", "x.svg", "image/svg+xml", svg, worker), 415, "/problems/unsupported-photo-type", "SVG");
        byte[] gif = TestImages.write(TestImages.picture(3, 3), "gif");
        assertProblem(postMultipart("file", "x.gif", "image/gif", gif, worker), 415, "/problems/unsupported-photo-type", "GIF");
        assertProblem(postRaw(gif, "application/octet-stream", worker), 415, "/problems/unsupported-photo-type", "GIF");
    }

    @Test
    void aPngDeclaredAsJpegIs415Mismatch() {
        assertProblem(postRaw(TestImages.png(107, 3), "image/jpeg", worker), 415, "/problems/photo-type-mismatch",
                "declared as image/jpeg but its bytes are a PNG image");
    }

    @Test
    void aTruncatedJpegIs422() {
        byte[] jpeg = TestImages.jpeg(108, 30);
        byte[] cut = java.util.Arrays.copyOf(jpeg, jpeg.length - 40);
        assertProblem(postRaw(cut, "image/jpeg", worker), 422, "/problems/invalid-photo", "truncated");
    }

    @Test
    void aHundredThousandSquarePngIs422() {
        assertProblem(postRaw(TestImages.pngHeaderOnly(100_000, 100_000), "image/png", worker), 422,
                "/problems/photo-too-many-pixels", "100000 × 100000");
    }

    @Test
    void anonymousUploadIs401AndPlannerUploadIs403() {
        Answer anonymous = postRaw(TestImages.jpeg(109, 3), "image/jpeg", null);
        assertEquals(401, anonymous.status(), anonymous.text());
        assertTrue(anonymous.contentType().startsWith("application/problem+json"), anonymous.contentType());
        String planner = http.login("planner", DemoUsers.DEMO_PASSWORD);
        assertEquals(403, postRaw(TestImages.jpeg(109, 3), "image/jpeg", planner).status());
        assertEquals(401, get("/api/photos/" + "a".repeat(64), null).status());
    }

    @Test
    void theUploaderGetsTheStrippedBytesWithSafeHeaders() {
        Answer up = postRaw(cameraJpeg(110, 34.7, 113.6), "image/jpeg", worker);
        String id = (String) up.json().get("id");
        Answer a = get("/api/photos/" + id, worker);
        assertEquals(200, a.status(), a.text());
        assertEquals("image/jpeg", a.contentType());
        assertArrayEquals(TestImages.jpeg(110, 24), a.body());
        assertFalse(TestImages.contains(a.body(), SECRET_OWNER) || TestImages.contains(a.body(), SECRET_PHONE));
        assertEquals("\"" + id + "\"", a.header("ETag"));
        assertEquals("private, max-age=86400, immutable", a.header("Cache-Control"));
        assertEquals("nosniff", a.header("X-Content-Type-Options"));
        assertEquals("default-src 'none'", a.header("Content-Security-Policy"));
    }

    @Test
    void aMatchingIfNoneMatchGives304WithoutBody() {
        String id = (String) postRaw(TestImages.png(111, 3), "image/png", worker).json().get("id");
        Answer a = get("/api/photos/" + id, worker, "If-None-Match", "\"" + id + "\"");
        assertEquals(304, a.status());
        assertEquals(0, a.body().length);
        assertEquals(200, get("/api/photos/" + id, worker, "If-None-Match", "\"" + "0".repeat(64) + "\"").status());
    }

    @Test
    void anotherWorkerIsRefusedAndTheDispatcherMayRead() {
        String id = (String) postRaw(cameraJpeg(112, 34.7, 113.6), "image/jpeg", worker).json().get("id");
        assertProblem(get("/api/photos/" + id, otherWorker), 403, "/problems/forbidden", id);
        assertEquals(200, get("/api/photos/" + id, dispatcher).status());
    }

    @Test
    void anAccessPolicyBeanCanGrantAPhoto() {
        String id = (String) postRaw(TestImages.png(113, 3), "image/png", worker).json().get("id");
        assertEquals(403, get("/api/photos/" + id, analyst).status());
        granted.grant("analyst", id);
        assertEquals(200, get("/api/photos/" + id, analyst).status());
    }

    @Test
    void aMalformedIdIs400AndAnUnknownIdIs404() {
        // A traversal is refused before routing (PathTraversalFilter); a well-formed path with a bad id by the controller.
        assertProblem(get("/api/photos/..%2F..%2Fjwt-secret", worker), 400, "/problems/invalid-path", "'..' segment");
        assertProblem(get("/api/photos/" + "A".repeat(64), worker), 400, "/problems/invalid-parameter", "not a photo id");
        assertProblem(get("/api/photos/jwt-secret", worker), 400, "/problems/invalid-parameter", "not a photo id");
        assertProblem(get("/api/photos/" + "0".repeat(64), worker), 404, "/problems/not-found", "0".repeat(64));
    }

    @Test
    void theFileIsStoredUnderItsHashAndTheRowMatches() throws SQLException, IOException {
        byte[] tagged = TestImages.taggedPng(114, 7, 34.71, 113.61, 1);
        String id = (String) postRaw(tagged, "image/png", worker).json().get("id");
        Path file = PHOTO_DIR.resolve(id.substring(0, 2)).resolve(id.substring(2, 4)).resolve(id + ".png");
        byte[] expected = TestImages.insertAfterIhdr(TestImages.png(114, 7),
                TestImages.pngChunk("gAMA", new byte[] {0, 0, (byte) 0xB1, (byte) 0x8F}));
        assertArrayEquals(expected, Files.readAllBytes(file), "the PNG without its text, time and EXIF chunks");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT content_type, width, height, uploaded_by, ST_X(exif_geom), ST_Y(exif_geom) FROM photo WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals("image/png", rs.getString(1));
                assertEquals(114, rs.getInt(2));
                assertEquals(7, rs.getInt(3));
                assertEquals("worker", rs.getString(4));
                assertEquals(113.61, rs.getDouble(5), 1e-7);
                assertEquals(34.71, rs.getDouble(6), 1e-7);
            }
        }
    }

    @Test
    void everyUploadIsAuditedWithoutTheImageOrThePosition() throws SQLException {
        String id = (String) postRaw(cameraJpeg(115, 34.7, 113.6), "image/jpeg", worker).json().get("id");
        postRaw("GIF89a".getBytes(StandardCharsets.US_ASCII), "image/jpeg", worker);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT actor, role, action, detail::text FROM audit_log WHERE target = ? ORDER BY id")) {
            ps.setString(1, "photo:" + id);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals("worker", rs.getString(1));
                assertEquals("grid_worker", rs.getString(2));
                assertEquals("photo.upload", rs.getString(3));
                String detail = rs.getString(4);
                assertTrue(detail.contains("\"exifLocation\": true"), detail);
                assertTrue(detail.length() < 400, detail);
                assertFalse(detail.contains("34.7") || detail.contains(SECRET_OWNER), detail);
                assertFalse(rs.next());
            }
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT detail->>'reason' FROM audit_log WHERE action = 'photo.reject' AND actor = 'worker' ORDER BY id DESC LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            assertEquals("unsupported_type", rs.getString(1));
        }
    }

    @Test
    void photoServiceTellsOtherFeaturesWhichIdsExist() {
        PhotoService service = server.getApplicationContext().getBean(PhotoService.class);
        String id = (String) postRaw(TestImages.png(116, 3), "image/png", worker).json().get("id");
        assertTrue(service.exists(id));
        assertFalse(service.exists("0".repeat(64)));
        assertFalse(service.exists("../x"));
        assertEquals(List.of("0".repeat(64), "nope"), List.copyOf(service.missing(List.of(id, "0".repeat(64), "nope"))));
        assertEquals(116, service.find(id).orElseThrow().width());
    }
}
