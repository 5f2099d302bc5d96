package cn.yiwang.open311;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import com.sun.net.httpserver.HttpServer;

import cn.yiwang.category.Category;
import cn.yiwang.category.ReplyState;
import cn.yiwang.category.TaxonomyService;
import cn.yiwang.geo.ChinaCoordinateTransformer;
import cn.yiwang.geo.CoordinateSystem;
import cn.yiwang.cases.CaseRequest;
import cn.yiwang.cases.CaseService;
import cn.yiwang.security.Caller;
import cn.yiwang.security.DemoUsers;
import cn.yiwang.security.Role;
import cn.yiwang.security.SecuritySettings;
import cn.yiwang.testing.Http;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/** Open311 GeoReport v2 against the real server and PostGIS. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Open311ApiTest implements PostgisTest {

    static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;
    @Inject
    TaxonomyService taxonomy;
    @Inject
    CaseService cases;
    @Inject
    Open311ClientService clientService;
    @Inject
    Open311ClientRepository clientRepository;

    Http http;
    String admin;
    String ops;
    String dispatcher;
    String dept;
    String worker;
    /** A client app registered for this test class, with a limit no test reaches. */
    String key;
    long clientId;
    /** A point inside the demo worker's community. */
    double lon;
    double lat;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(PostgisTest.super.getProperties());
        p.put("yiwang.open311.reads-per-minute-per-ip", "100000");
        return p;
    }

    @BeforeAll
    void setUp() throws SQLException {
        http = new Http(server, json);
        admin = http.login("admin", DemoUsers.DEMO_PASSWORD);
        ops = http.login("ops", DemoUsers.DEMO_PASSWORD);
        dispatcher = http.login("dispatcher", DemoUsers.DEMO_PASSWORD);
        dept = http.login("dept", DemoUsers.DEMO_PASSWORD);
        worker = http.login("worker", DemoUsers.DEMO_PASSWORD);
        Http.Response created = http.postJson("/api/admin/open311/clients", "{\"name\":\"测试客户端\",\"requestsPerMinute\":10000}", admin);
        assertEquals(201, created.status(), created.body());
        key = created.map().get("apiKey").toString();
        clientId = ((Number) created.map().get("id")).longValue();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT ST_X(p), ST_Y(p) FROM (
                       SELECT ST_PointOnSurface(ST_Buffer(g.geom::geography, -15)::geometry) AS p
                       FROM grid_current g
                       WHERE g.level = 'micro' AND g.code LIKE (
                         SELECT d.grid_code FROM grid_duty d JOIN app_user u ON u.id = d.user_id WHERE u.username = 'worker') || '%'
                       ORDER BY g.code LIMIT 1) x""");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            lon = rs.getDouble(1);
            lat = rs.getDouble(2);
        }
    }

    // ---------------------------------------------------------------- helpers

    static String form(String... pairs) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            out.add(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8) + "=" + URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return String.join("&", out);
    }

    /** A valid request for SRHJ-01 at (x, y) with a description unique to the caller. */
    String valid(double x, double y, String description, String... extra) {
        List<String> pairs = new ArrayList<>(List.of("api_key", key, "service_code", "SRHJ-01",
                "lat", String.format(Locale.ROOT, "%.8f", y), "long", String.format(Locale.ROOT, "%.8f", x),
                "description", description));
        pairs.addAll(List.of(extra));
        return form(pairs.toArray(String[]::new));
    }

    Http.Response post(String body, String... headers) {
        return http.postRaw("/open311/v2/requests.json", FORM, body, headers);
    }

    static String unique(String text) {
        return text + " " + UUID.randomUUID().toString().substring(0, 8);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> first(Http.Response r) {
        return (Map<String, Object>) r.list().get(0);
    }

    String created(Http.Response r) {
        assertEquals(201, r.status(), r.body());
        return first(r).get("service_request_id").toString();
    }

    Map<String, Object> one(String id) {
        Http.Response r = http.get("/open311/v2/requests/" + id + ".json");
        assertEquals(200, r.status(), r.body());
        assertEquals(1, r.list().size());
        return first(r);
    }

    long count(String tableAndWhere) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + tableAndWhere);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    long[] rows() throws SQLException {
        return new long[] {count("case_record"), count("case_event"), count("idempotency_key"), count("audit_log WHERE action = 'case.create'")};
    }

    Map<String, Object> act(String token, Object id, String action, String fields) {
        Map<String, Object> c = http.get("/api/cases/" + id, token).map();
        Http.Response r = http.postJson("/api/cases/" + id + "/actions/" + action,
                "{\"version\":" + c.get("version") + (fields.isEmpty() ? "" : "," + fields) + "}", token);
        assertEquals(200, r.status(), action + ": " + r.body());
        return r.map();
    }

    static Document parseXml(String body) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setExpandEntityReferences(false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    static String text(Element parent, String name) {
        NodeList n = parent.getElementsByTagName(name);
        return n.getLength() == 0 ? null : n.item(0).getTextContent();
    }

    static void assertProblemNaming(Http.Response r, int status, String parameter) {
        assertEquals(status, r.status(), r.body().substring(0, Math.min(400, r.body().length())));
        assertEquals("application/problem+json", r.contentType());
        assertTrue(r.body().contains("\"parameter\":\"" + parameter + "\""),
                parameter + " in " + r.body().substring(0, Math.min(400, r.body().length())));
    }

    // ---------------------------------------------------------------- services

    @Test
    void servicesListEveryActiveSubCategoryWithItsTopCategoryAsGroup() {
        Http.Response r = http.get("/open311/v2/services.json");
        assertEquals(200, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/json"), r.contentType());
        List<Category> active = taxonomy.all().stream().filter(Category::active).toList();
        assertEquals(active.stream().map(Category::code).toList(), r.list().stream().map(o -> ((Map<?, ?>) o).get("service_code")).toList());
        for (Object o : r.list()) {
            Map<?, ?> s = (Map<?, ?>) o;
            Category c = taxonomy.subCategory(s.get("service_code").toString()).orElseThrow();
            assertEquals(taxonomy.snapshot().top(c.topCode()).orElseThrow().nameZh(), s.get("group"));
            assertEquals(c.nameZh(), s.get("service_name"));
            assertEquals(c.description(), s.get("description"));
            assertEquals(false, s.get("metadata"));
            assertEquals("realtime", s.get("type"));
            assertEquals(String.join(",", c.keywords()), s.get("keywords"));
        }
    }

    @Test
    void servicesXmlIsWellFormedAndHoldsTheSameServices() throws Exception {
        Http.Response r = http.get("/open311/v2/services.xml");
        assertEquals(200, r.status(), r.body());
        assertEquals("text/xml;charset=utf-8", r.contentType().replace(" ", "").toLowerCase(Locale.ROOT));
        assertTrue(r.body().startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"), r.body().substring(0, 60));
        Document doc = parseXml(r.body());
        assertEquals("services", doc.getDocumentElement().getTagName());
        NodeList services = doc.getElementsByTagName("service");
        List<Object> fromJson = http.get("/open311/v2/services.json").list();
        assertEquals(fromJson.size(), services.getLength());
        for (int i = 0; i < services.getLength(); i++) {
            Element s = (Element) services.item(i);
            Map<?, ?> j = (Map<?, ?>) fromJson.get(i);
            assertEquals(j.get("service_code"), text(s, "service_code"));
            assertEquals(j.get("group"), text(s, "group"));
            assertEquals("false", text(s, "metadata"));
        }
    }

    @Test
    void aServiceDefinitionHasNoAttributesAndAnUnknownServiceIsNotFound() throws Exception {
        Http.Response r = http.get("/open311/v2/services/SRHJ-01.json");
        assertEquals(200, r.status(), r.body());
        assertEquals("SRHJ-01", r.map().get("service_code"));
        assertEquals(List.of(), r.map().get("attributes"));
        Http.Response x = http.get("/open311/v2/services/SRHJ-01.xml");
        Document doc = parseXml(x.body());
        assertEquals("service_definition", doc.getDocumentElement().getTagName());
        assertEquals("SRHJ-01", text(doc.getDocumentElement(), "service_code"));
        assertEquals(0, doc.getElementsByTagName("attribute").getLength());
        assertEquals(1, doc.getElementsByTagName("attributes").getLength());
        assertProblemNaming(http.get("/open311/v2/services/NOPE-99.json"), 404, "service_code");
        assertEquals(404, http.get("/open311/v2/services/SRHJ-01.csv").status());
    }

    // ---------------------------------------------------------------- round trip

    @Test
    void aPostedRequestIsACitizenCaseThatOpsSeesAndGetShowsClosedOnceItIsClosed() throws SQLException {
        long[] before = rows();
        String description = unique("垃圾桶满了，垃圾散落一地");
        Http.Response r = post(valid(lon, lat, description, "address_string", "兴华街12号门口", "first_name", "三", "last_name", "张",
                "phone", "13812345678", "email", "zhang@example.cn", "account_id", "wx-openid-1", "device_id", "dev-1"));
        String id = created(r);
        assertTrue(id.matches("^EQ-\\d{8}-\\d{6}$"), id);
        Map<String, Object> answer = first(r);
        assertEquals(List.of("service_request_id", "service_notice", "account_id"), List.copyOf(answer.keySet()));
        assertEquals("wx-openid-1", answer.get("account_id"));
        assertTrue(answer.get("service_notice").toString().contains(id), answer.toString());
        assertEquals(before[0] + 1, count("case_record"));
        assertEquals(before[3] + 1, count("audit_log WHERE action = 'case.create'"));

        Map<String, Object> open = one(id);
        assertEquals("open", open.get("status"));
        assertEquals("已上报", open.get("status_notes"));
        assertEquals("SRHJ-01", open.get("service_code"));
        assertEquals(taxonomy.subCategory("SRHJ-01").orElseThrow().nameZh(), open.get("service_name"));
        assertEquals(taxonomy.snapshot().department("urban_mgmt_squad").orElseThrow().nameZh(), open.get("agency_responsible"));
        assertEquals(description, open.get("description"));
        assertEquals("兴华街12号门口", open.get("address"));
        assertEquals(lat, ((Number) open.get("lat")).doubleValue(), 1e-7);
        assertEquals(lon, ((Number) open.get("long")).doubleValue(), 1e-7);
        OffsetDateTime requested = OffsetDateTime.parse(open.get("requested_datetime").toString());
        assertEquals(8 * 3600, requested.getOffset().getTotalSeconds());
        assertTrue(Math.abs(requested.toInstant().getEpochSecond() - Instant.now().getEpochSecond()) < 120);

        Map<String, Object> c = http.get("/api/cases/" + id, ops).map();
        assertEquals("citizen_app", c.get("source"));
        assertEquals("open311:" + clientId, c.get("createdBy"));
        assertEquals(description, c.get("description"));
        assertTrue(c.get("title").toString().startsWith(taxonomy.subCategory("SRHJ-01").orElseThrow().nameZh()), c.get("title").toString());
        Map<?, ?> reporter = (Map<?, ?>) c.get("reporter");
        assertEquals("张*", reporter.get("name"));
        assertEquals("138****5678", reporter.get("phone"));
        assertEquals(true, reporter.get("masked"));

        Object caseId = c.get("id");
        act(dispatcher, caseId, "accept", "");
        act(dispatcher, caseId, "register", "");
        Map<String, Object> dispatched = act(dispatcher, caseId, "dispatch", "\"handlerKind\":\"department\",\"departmentCode\":\"urban_mgmt_squad\"");
        assertEquals(Instant.parse(dispatched.get("deadline").toString()).getEpochSecond(),
                OffsetDateTime.parse(one(id).get("expected_datetime").toString()).toInstant().getEpochSecond());
        act(dept, caseId, "start", "");
        act(dept, caseId, "handle", "\"comment\":\"已清运\"");
        act(worker, caseId, "verify", "\"location\":{\"lon\":" + lon + ",\"lat\":" + lat + "}");
        act(dispatcher, caseId, "close", "");

        Map<String, Object> closed = one(id);
        assertEquals("closed", closed.get("status"));
        assertEquals("已结案", closed.get("status_notes"));
        assertEquals(taxonomy.reply("SRHJ-01", ReplyState.CLOSED).orElseThrow(), closed.get("service_notice"));
        assertTrue(OffsetDateTime.parse(closed.get("updated_datetime").toString()).isAfter(requested.minusSeconds(1)));
    }

    @Test
    void aGcj02PositionIsAcceptedThroughTheCrsExtensionAndShownInWgs84() {
        double[] gcj = ChinaCoordinateTransformer.wgs84ToGcj02(lon + 0.0001, lat);
        String id = created(post(form("api_key", key, "service_code", "SRHJ-03", "crs", "gcj02",
                "lat", Double.toString(gcj[1]), "long", Double.toString(gcj[0]), "description", unique("电线杆上贴满小广告"))));
        Map<String, Object> r = one(id);
        assertEquals(lat, ((Number) r.get("lat")).doubleValue(), 1e-6);
        assertEquals(lon + 0.0001, ((Number) r.get("long")).doubleValue(), 1e-6);
        Map<?, ?> location = (Map<?, ?>) http.get("/api/cases/" + id, ops).map().get("location");
        assertEquals("gcj02", location.get("inputCrs"));
        assertEquals(CoordinateSystem.GCJ02, CoordinateSystem.parse(location.get("inputCrs").toString()));
    }

    @Test
    void aServiceThatNeedsNoPositionAcceptsAnAddressAlone() {
        String id = created(post(form("api_key", key, "service_code", "MSFW-02", "address_string", "大学路88号某健身房",
                "description", unique("健身卡无法退费"))));
        Map<String, Object> r = one(id);
        assertEquals("大学路88号某健身房", r.get("address"));
        assertNull(r.get("lat"));
        assertNull(r.get("long"));
    }

    @Test
    void aPhotoStoredHereCanBeAttachedByItsUrl() throws Exception {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB);
        img.setRGB(3, 3, 0x123456 + (int) (System.nanoTime() & 0xFFFF));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "png", bytes);
        java.net.http.HttpResponse<String> up = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(http.base().resolve("/api/photos")).header("Authorization", "Bearer " + worker)
                .header("Content-Type", "image/png").POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(bytes.toByteArray())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertTrue(up.statusCode() == 201 || up.statusCode() == 200, up.body());
        String photo = ((Map<?, ?>) json.readValue(up.body(), Map.class)).get("id").toString();
        String id = created(post(valid(lon, lat + 0.00002, unique("有图为证"), "media_url", http.base().resolve("/api/photos/" + photo).toString())));
        assertEquals(http.base().resolve("/api/photos/" + photo).toString(), one(id).get("media_url"));
        assertEquals(List.of(photo), http.get("/api/cases/" + id, ops).map().get("photos"));
        assertProblemNaming(post(valid(lon, lat, unique("x"), "media_url", "/api/photos/" + "0".repeat(64))), 400, "media_url");
    }

    // ---------------------------------------------------------------- GET requests

    @Test
    void getRequestsFiltersByIdServiceCodeStatusAndDates() {
        String a = created(post(valid(lon, lat + 0.00001, unique("筛选测试甲"))));
        String b = created(post(form("api_key", key, "service_code", "SRHJ-02", "lat", Double.toString(lat), "long", Double.toString(lon),
                "description", unique("筛选测试乙"))));
        List<String> both = ids(http.get("/open311/v2/requests.json?service_request_id=" + a + "," + b + "&status=closed"));
        assertEquals(2, both.size(), "service_request_id overrides the other filters");
        assertTrue(both.containsAll(List.of(a, b)));
        List<String> srhj02 = ids(http.get("/open311/v2/requests.json?service_code=SRHJ-02"));
        assertTrue(srhj02.contains(b) && !srhj02.contains(a));
        assertTrue(ids(http.get("/open311/v2/requests.json?service_code=SRHJ-01,SRHJ-02&status=open")).containsAll(List.of(a, b)));
        assertFalse(ids(http.get("/open311/v2/requests.json?status=closed")).contains(a));
        String today = OffsetDateTime.now(java.time.ZoneId.of("Asia/Shanghai")).toLocalDate().toString();
        assertTrue(ids(http.get("/open311/v2/requests.json?start_date=" + today + "&end_date=" + today)).contains(a));
        String future = OffsetDateTime.now().plusDays(2).toInstant().toString();
        assertTrue(ids(http.get("/open311/v2/requests.json?start_date=" + future)).isEmpty());
        String past = OffsetDateTime.now().minusDays(200).toInstant().toString();
        assertFalse(ids(http.get("/open311/v2/requests.json?end_date=" + past)).contains(a));
        assertProblemNaming(http.get("/open311/v2/requests.json?start_date=2025-01-01T00:00:00Z&end_date=2025-06-01T00:00:00Z"), 400, "end_date");
        assertProblemNaming(http.get("/open311/v2/requests.json?status=pending"), 400, "status");
        assertProblemNaming(http.get("/open311/v2/requests.json?start_date=yesterday"), 400, "start_date");
        assertProblemNaming(http.get("/open311/v2/requests.json?service_code=NOPE-1"), 400, "service_code");
        assertProblemNaming(http.get("/open311/v2/requests.json?service_request_id=1%27%20OR%201=1"), 400, "service_request_id");
        assertProblemNaming(http.get("/open311/v2/requests/EQ-20000101-000001.json"), 404, "service_request_id");
    }

    static List<String> ids(Http.Response r) {
        assertEquals(200, r.status(), r.body());
        return r.list().stream().map(o -> ((Map<?, ?>) o).get("service_request_id").toString()).toList();
    }

    @Test
    void atMostOneThousandRequestsAreReturnedNewestFirst() throws SQLException {
        Caller app = new Caller("open311:cap-test", -1, Role.OPS, "", null);
        long listed = count("case_record WHERE source = 'citizen_app' AND category_code = 'MSFW-02'");
        for (long i = listed; i <= Open311Service.MAX_RESULTS; i++) {
            cases.create(new CaseRequest("MSFW-02", "预付卡退费", "第" + i + "张卡", "citizen_app", null, null, CoordinateSystem.WGS84,
                    null, null, null, null, null, null, List.of()), app, null, null);
        }
        List<String> newest = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT code FROM case_record WHERE source = 'citizen_app' AND category_code = 'MSFW-02'
                     ORDER BY created_at DESC, id DESC LIMIT 1000""");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                newest.add(rs.getString(1));
            }
        }
        assertTrue(count("case_record WHERE source = 'citizen_app' AND category_code = 'MSFW-02'") > Open311Service.MAX_RESULTS);
        List<String> got = ids(http.get("/open311/v2/requests.json?service_code=MSFW-02"));
        assertEquals(Open311Service.MAX_RESULTS, got.size());
        assertEquals(newest, got);
    }

    @Test
    void xmlRequestsAreWellFormedWhateverTheStoredTextHolds() throws Exception {
        String nasty = "温度<5℃ & 湿度>80% \"引号\" 'apos' \u0001控制字符 " + marker();
        Http.Response c = http.postJson("/api/cases", String.format(Locale.ROOT, """
                {"category":"SRHJ-07","title":"转自小程序","description":%s,"source":"citizen_app",
                 "location":{"lon":%.8f,"lat":%.8f}}""", json.writeValueAsString(nasty), lon, lat - 0.00002), dispatcher);
        assertEquals(201, c.status(), c.body());
        String code = c.map().get("code").toString();
        Http.Response x = http.get("/open311/v2/requests/" + code + ".xml");
        assertEquals(200, x.status(), x.body());
        Document doc = parseXml(x.body());
        assertEquals("service_requests", doc.getDocumentElement().getTagName());
        Element request = (Element) doc.getElementsByTagName("request").item(0);
        assertEquals(code, text(request, "service_request_id"));
        assertEquals(nasty.replace('\u0001', '\uFFFD'), text(request, "description"));
        assertEquals("", text(request, "zipcode"));
        Document list = parseXml(http.get("/open311/v2/requests.xml?service_request_id=" + code).body());
        assertEquals(1, list.getElementsByTagName("request").getLength());
    }

    @Test
    void getAnswersHoldNoPersonalData() {
        String description = unique("请联系我13912345678或身份证410103199001011234，邮箱li.si@example.com");
        String id = created(post(valid(lon + 0.00003, lat, description, "first_name", "四", "last_name", "李", "phone", "13987654321",
                "email", "lisi@example.cn", "address_string", "兴华街3号 找王先生13711112222")));
        for (String path : List.of("/open311/v2/requests/" + id + ".json", "/open311/v2/requests/" + id + ".xml",
                "/open311/v2/requests.json?service_request_id=" + id, "/open311/v2/requests.xml")) {
            String body = http.get(path).body();
            for (String secret : List.of("李四", "13987654321", "lisi@example.cn", "13912345678", "410103199001011234", "li.si@example.com",
                    "13711112222")) {
                assertFalse(body.contains(secret), secret + " in " + path);
            }
        }
        String shown = one(id).get("description").toString();
        assertTrue(shown.contains("139****5678") && shown.contains("***@example.com"), shown);
        assertEquals("兴华街3号 找王先生137****2222", one(id).get("address"));
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void badInputIsRefusedNamingTheParameterAndNothingIsWritten() throws SQLException {
        long[] before = rows();
        String oneMegabyte = "很".repeat(1_000_000);
        Object[][] bad = {
            {form("service_code", "SRHJ-01", "lat", "34.7", "long", "113.6", "description", "没有钥匙"), 400, "api_key"},
            {valid(lon, lat, "钥匙不对").replace(key, "not-a-key"), 403, "api_key"},
            {valid(lon, lat, "未知服务").replace("SRHJ-01", "NOPE-99"), 404, "service_code"},
            {form("api_key", key, "lat", "34.7", "long", "113.6", "description", "没有服务"), 400, "service_code"},
            {valid(lon, lat, "纬度NaN").replace("lat=" + String.format(Locale.ROOT, "%.8f", lat), "lat=NaN"), 400, "lat"},
            {valid(lon, lat, "纬度95").replace("lat=" + String.format(Locale.ROOT, "%.8f", lat), "lat=95"), 400, "lat"},
            {valid(lon, lat, "十六进制").replace("lat=" + String.format(Locale.ROOT, "%.8f", lat), "lat=0x1p5"), 400, "lat"},
            {form("api_key", key, "service_code", "SRHJ-01", "address_string", "某路口", "description", "没有坐标"), 400, "lat"},
            {form("api_key", key, "service_code", "SRHJ-01", "lat", "34.7", "description", "只有纬度"), 400, "long"},
            {valid(lon, lat, oneMegabyte), 400, "description"},
            {valid(lon, lat, "<script>alert(1)</script>"), 400, "description"},
            {valid(lon, lat, "  "), 400, "description"},
            {valid(lon, lat, "外链图片", "media_url", "http://169.254.169.254/latest/meta-data/"), 400, "media_url"},
            {valid(lon, lat, "坐标系", "crs", "epsg:3857"), 400, "crs"},
            {valid(lon, lat, "地址编号", "address_id", "545483"), 400, "address_id"},
            {valid(lon, lat, "属性", "attribute[WHISPAWN]", "1"), 400, "attribute[WHISPAWN]"},
            {valid(lon, lat, "拼写", "lon", "113.6"), 400, "lon"},
            {valid(lon, lat, "重复", "description", "再来一次"), 400, "description"},
            {valid(lon, lat, "电话", "phone", "call me"), 400, "phone"},
            {valid(lon, lat, "邮箱", "email", "not-an-address"), 400, "email"},
            {valid(lon, lat, "辖区", "jurisdiction_id", "sfgov.org"), 404, "jurisdiction_id"},
            {valid(116.397, 39.909, "北京天安门"), 422, "lat"},
            {"api_key=%zz", 400, null},
        };
        for (Object[] b : bad) {
            Http.Response r = post((String) b[0]);
            if (b[2] == null) {
                assertEquals(b[1], r.status(), r.body());
                assertEquals("application/problem+json", r.contentType());
            } else {
                assertProblemNaming(r, (Integer) b[1], (String) b[2]);
            }
        }
        Http.Response nothing = http.postRaw("/open311/v2/requests.json", FORM, "");
        assertProblemNaming(nothing, 400, "api_key");
        assertEquals(before[0], count("case_record"));
        assertEquals(before[1], count("case_event"));
        assertEquals(before[2], count("idempotency_key"));
        assertEquals(before[3], count("audit_log WHERE action = 'case.create'"));
    }

    @Test
    void anXmlBodyIsRefusedWithoutResolvingAnyEntity() throws Exception {
        AtomicInteger fetched = new AtomicInteger();
        HttpServer trap = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        trap.createContext("/", exchange -> {
            fetched.incrementAndGet();
            byte[] b = "TRAP-CONTENT".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, b.length);
            exchange.getResponseBody().write(b);
            exchange.close();
        });
        trap.start();
        Path secret = Files.createTempFile("open311-xxe", ".txt");
        String marker = "SECRET-" + marker();
        Files.writeString(secret, marker);
        try {
            long[] before = rows();
            String xxe = """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <!DOCTYPE service_request [
                      <!ENTITY file SYSTEM "%s">
                      <!ENTITY remote SYSTEM "http://127.0.0.1:%d/xxe">
                    ]>
                    <service_request><api_key>%s</api_key><service_code>SRHJ-01</service_code>
                    <lat>%s</lat><long>%s</long><description>&file;&remote;</description></service_request>"""
                    .formatted(secret.toUri(), trap.getAddress().getPort(), key, lat, lon);
            for (String path : List.of("/open311/v2/requests.json", "/open311/v2/requests.xml")) {
                for (String type : List.of("application/xml", "text/xml; charset=utf-8", "application/json")) {
                    Http.Response r = http.postRaw(path, type, xxe);
                    assertEquals(415, r.status(), type + " " + r.body());
                    assertEquals("application/problem+json", r.contentType());
                    assertFalse(r.body().contains(marker) || r.body().contains("TRAP-CONTENT"), r.body());
                }
            }
            assertEquals(0, fetched.get(), "no external entity may be fetched");
            long[] after = rows();
            assertEquals(before[0], after[0]);
            assertEquals(before[1], after[1]);
        } finally {
            trap.stop(0);
            Files.deleteIfExists(secret);
        }
    }

    @Test
    void xmlRequestsGetTheSpecsErrorDocument() throws Exception {
        Http.Response r = http.postRaw("/open311/v2/requests.xml", FORM, form("service_code", "SRHJ-01", "description", "无钥匙"));
        assertEquals(400, r.status());
        assertTrue(r.contentType().startsWith("text/xml"), r.contentType());
        Document doc = parseXml(r.body());
        assertEquals("errors", doc.getDocumentElement().getTagName());
        Element error = (Element) doc.getElementsByTagName("error").item(0);
        assertEquals("400", text(error, "code"));
        assertTrue(text(error, "description").startsWith("api_key: "), text(error, "description"));
        Http.Response bad = http.postRaw("/open311/v2/requests.xml", FORM, valid(lon, lat, "纬度", "crs", "mars").replace(key, key));
        Document many = parseXml(bad.body());
        assertEquals(400, bad.status());
        assertTrue(text((Element) many.getElementsByTagName("error").item(0), "description").startsWith("crs: "), bad.body());
        Http.Response missing = http.get("/open311/v2/services/NOPE-99.xml");
        assertEquals(404, missing.status());
        assertEquals("404", text((Element) parseXml(missing.body()).getElementsByTagName("error").item(0), "code"));
    }

    // ---------------------------------------------------------------- keys and limits

    @Test
    void aClientOverItsPerMinuteLimitGets429WithRetryAfterAndNothingIsStored() throws SQLException {
        Http.Response c = http.postJson("/api/admin/open311/clients", "{\"name\":\"限流测试\",\"requestsPerMinute\":2}", admin);
        String limited = c.map().get("apiKey").toString();
        created(post(valid(lon, lat, unique("限流一")).replace(key, limited)));
        created(post(valid(lon, lat, unique("限流二")).replace(key, limited)));
        long[] before = rows();
        Http.Response over = post(valid(lon, lat, unique("限流三")).replace(key, limited));
        assertEquals(429, over.status(), over.body());
        assertEquals("application/problem+json", over.contentType());
        long retryAfter = Long.parseLong(over.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 30, "Retry-After " + retryAfter);
        Http.Response overXml = http.postRaw("/open311/v2/requests.xml", FORM, valid(lon, lat, unique("限流四")).replace(key, limited));
        assertEquals(429, overXml.status());
        assertTrue(overXml.body().contains("<code>429</code>"), overXml.body());
        assertNotNull(overXml.header("Retry-After"));
        long[] after = rows();
        assertEquals(before[0], after[0]);
        assertEquals(before[1], after[1]);
        created(post(valid(lon, lat, unique("别的客户端不受影响"))));
    }

    @Test
    void identicalPostsWithoutAKeyReturnTheFirstCaseButAnotherDeviceMakesANewOne() throws SQLException {
        String body = valid(lon - 0.00002, lat, unique("双击提交"), "device_id", "phone-A");
        Http.Response first = post(body);
        String id = created(first);
        long cases = count("case_record");
        Http.Response again = post(body);
        assertEquals(200, again.status(), again.body());
        assertEquals("true", again.header("Idempotent-Replayed"));
        assertEquals(id, first(again).get("service_request_id"));
        assertEquals(cases, count("case_record"));
        String other = created(post(body.replace("phone-A", "phone-B")));
        assertFalse(other.equals(id));
        assertEquals(cases + 1, count("case_record"));
    }

    @Test
    void anIdempotencyKeyReplaysItsCaseAndRefusesAnotherBody() throws SQLException {
        String idem = UUID.randomUUID().toString();
        String body = valid(lon, lat - 0.00001, unique("幂等键"));
        String id = created(post(body, "Idempotency-Key", idem));
        long cases = count("case_record");
        Http.Response again = post(body, "Idempotency-Key", idem);
        assertEquals(200, again.status());
        assertEquals(id, first(again).get("service_request_id"));
        Http.Response other = post(valid(lon, lat - 0.00001, unique("另一个")), "Idempotency-Key", idem);
        assertProblemNaming(other, 422, "Idempotency-Key");
        assertEquals(cases, count("case_record"));
    }

    @Test
    void theDemoClientWorksWithItsDocumentedKey() {
        String id = created(post(valid(lon, lat, unique("演示密钥")).replace(key, DemoOpen311Client.DEMO_KEY)));
        assertEquals("open311:" + demoClient().id(), http.get("/api/cases/" + id, ops).map().get("createdBy"));
        assertEquals(DemoOpen311Client.DEMO_NAME, demoClient().name());
    }

    Open311Client demoClient() {
        return clientRepository.byKeyHash(ApiKeys.hash(DemoOpen311Client.DEMO_KEY)).orElseThrow();
    }

    @Test
    void withoutDemoUsersTheServerRefusesToStartWhileTheDemoClientIsEnabled() {
        SecuritySettings production = new SecuritySettings(false, false, 5, 30, 900);
        DemoOpen311Client check = new DemoOpen311Client(clientService, clientRepository, production);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> check.onApplicationEvent(null));
        assertTrue(e.getMessage().startsWith("Refusing to start") && e.getMessage().contains(DemoOpen311Client.DEMO_NAME), e.getMessage());
        long demo = demoClient().id();
        assertEquals(200, http.exchange("PUT", "/api/admin/open311/clients/" + demo, "{\"enabled\":false}", admin, Map.of()).status());
        try {
            check.onApplicationEvent(null);
        } finally {
            assertEquals(200, http.exchange("PUT", "/api/admin/open311/clients/" + demo, "{\"enabled\":true}", admin, Map.of()).status());
        }
    }

    @Test
    void adminsManageClientsKeysAreShownOnceAndEveryChangeIsAudited() throws SQLException {
        Http.Response created = http.postJson("/api/admin/open311/clients", "{\"name\":\"街道公众号\"}", admin);
        assertEquals(201, created.status(), created.body());
        String newKey = created.map().get("apiKey").toString();
        long id = ((Number) created.map().get("id")).longValue();
        assertTrue(newKey.startsWith(ApiKeys.PREFIX) && newKey.length() >= 40, newKey);
        assertEquals(Open311ClientService.DEFAULT_REQUESTS_PER_MINUTE, created.map().get("requestsPerMinute"));
        assertEquals("admin", created.map().get("createdBy"));
        assertEquals(1, count("audit_log WHERE action = 'open311.client.create' AND target = 'open311-client:" + id + "' AND actor = 'admin'"));
        assertEquals(1, count("open311_client WHERE id = " + id + " AND api_key_hash = '" + ApiKeys.hash(newKey) + "'"));
        assertEquals(0, count("audit_log WHERE detail::text LIKE '%" + newKey + "%'"));

        Http.Response list = http.get("/api/admin/open311/clients", admin);
        assertEquals(200, list.status());
        assertTrue(list.body().contains("街道公众号"));
        assertFalse(list.body().contains(newKey) || list.body().contains(ApiKeys.hash(newKey)) || list.body().contains("apiKey"));

        Http.Response off = http.exchange("PUT", "/api/admin/open311/clients/" + id, "{\"enabled\":false,\"requestsPerMinute\":5}", admin, Map.of());
        assertEquals(200, off.status(), off.body());
        assertEquals(false, off.map().get("enabled"));
        assertEquals(5, off.map().get("requestsPerMinute"));
        assertEquals(1, count("audit_log WHERE action = 'open311.client.update' AND target = 'open311-client:" + id + "'"));
        assertProblemNaming(post(valid(lon, lat, unique("停用")).replace(key, newKey)), 403, "api_key");
        assertEquals(200, http.exchange("PUT", "/api/admin/open311/clients/" + id, "{\"enabled\":true}", admin, Map.of()).status());
        created(post(valid(lon, lat, unique("启用")).replace(key, newKey)));

        Http.Response badLimit = http.exchange("PUT", "/api/admin/open311/clients/" + id, "{\"requestsPerMinute\":0}", admin, Map.of());
        assertEquals(400, badLimit.status());
        assertTrue(badLimit.body().contains("\"pointer\":\"/requestsPerMinute\""), badLimit.body());
        assertEquals(400, http.postJson("/api/admin/open311/clients", "{\"name\":\"<b>x</b>\"}", admin).status());
        assertEquals(404, http.exchange("PUT", "/api/admin/open311/clients/999999", "{\"enabled\":true}", admin, Map.of()).status());
        assertEquals(403, http.get("/api/admin/open311/clients", ops).status());
        assertEquals(401, http.get("/api/admin/open311/clients").status());
        assertEquals(2, count("audit_log WHERE action = 'open311.client.update' AND target = 'open311-client:" + id + "'"));
    }

    @Test
    void openingOpen311ToAnonymousCallersOpensNothingElse() {
        assertEquals(200, http.get("/open311/v2/services.json").status());
        assertEquals(200, http.get("/open311/v2/requests.json").status());
        assertEquals(401, http.get("/api/cases").status());
        assertEquals(401, http.postJson("/api/cases", "{}", null).status());
        assertEquals(401, http.get("/api/admin/open311/clients").status());
        assertEquals(401, http.get("/api/admin/audit").status());
    }

    @Test
    void anotherJurisdictionIsNotFoundAndOursIsAccepted() {
        assertEquals(200, http.get("/open311/v2/services.json?jurisdiction_id=410103").status());
        assertProblemNaming(http.get("/open311/v2/services.json?jurisdiction_id=sfgov.org"), 404, "jurisdiction_id");
        assertProblemNaming(http.get("/open311/v2/requests.json?jurisdiction_id=sfgov.org"), 404, "jurisdiction_id");
    }

    @Test
    void aMergedReportFollowsTheOutcomeOfTheCaseItJoined() {
        String first = created(post(valid(lon, lat, unique("路口垃圾桶满溢"))));
        String second = created(post(valid(lon + 0.00005, lat, unique("同一处垃圾桶满了"))));
        Object firstId = http.get("/api/cases/" + first, ops).map().get("id");
        Object secondId = http.get("/api/cases/" + second, ops).map().get("id");
        act(ops, secondId, "merge", "\"mergeInto\":" + firstId);
        assertEquals("merged", http.get("/api/cases/" + second, ops).map().get("status"));
        assertEquals("open", one(second).get("status"), "still being handled through the case it joined");
        act(ops, firstId, "accept", "");
        act(ops, firstId, "register", "");
        act(ops, firstId, "dispatch", "\"handlerKind\":\"department\",\"departmentCode\":\"urban_mgmt_squad\"");
        assertEquals("街道城管执法中队", one(second).get("agency_responsible"));
        act(dept, firstId, "start", "");
        act(dept, firstId, "handle", "\"comment\":\"已清运\"");
        act(ops, firstId, "verify", "");
        act(ops, firstId, "close", "");
        Map<String, Object> merged = one(second);
        assertEquals("closed", merged.get("status"));
        assertEquals("已结案", merged.get("status_notes"));
    }

    /** A unique marker without digit runs, so the redactor never mistakes part of it for a phone or ID number. */
    static String marker() {
        StringBuilder b = new StringBuilder();
        for (char ch : UUID.randomUUID().toString().toCharArray()) {
            b.append(Character.isDigit(ch) ? (char) ('g' + (ch - '0')) : ch);
        }
        return b.toString();
    }
}
