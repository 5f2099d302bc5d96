package cn.yiwang.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import cn.yiwang.geo.CoordinateSystem;

class ComponentFileReaderTest {

    static final Charset GBK = Charset.forName("GBK");
    static final String HEADER_ZH = "编码,类型,名称,状态,经度,纬度,告警类型,权属单位\n";

    @Test
    void utf8CsvWithChineseHeadersAndNamesIsRead() {
        String csv = HEADER_ZH + "XFS-1,消防栓,\"兴华街,东口\",正常,113.64,34.72,,区消防救援大队\n"
                + "SXT-1,摄像头,路口球机,故障,113.641,34.721,占道经营;人群聚集,\n";
        ComponentFileReader.Result r = ComponentFileReader.readCsv(csv.getBytes(StandardCharsets.UTF_8), null, CoordinateSystem.WGS84);
        assertTrue(r.ok(), r.issues().toString());
        assertEquals("UTF-8", r.encoding());
        assertEquals(2, r.records().size());
        assertEquals("兴华街,东口", r.records().get(0).name());
        assertEquals(ComponentKind.CAMERA, r.records().get(1).kind());
        assertEquals(ComponentStatus.FAULT, r.records().get(1).status());
        assertEquals(List.of("street_vending", "crowd_gathering"), r.records().get(1).aiAlarms());
    }

    @Test
    void gbkCsvWithoutADeclaredCharsetIsDetected() {
        String csv = HEADER_ZH + "LD-1,路灯,路灯一号,,113.64,34.72,,\n";
        ComponentFileReader.Result r = ComponentFileReader.readCsv(csv.getBytes(GBK), null, CoordinateSystem.WGS84);
        assertTrue(r.ok(), r.issues().toString());
        assertEquals("GBK", r.encoding());
        assertEquals("路灯一号", r.records().get(0).name());
        assertEquals(ComponentStatus.NORMAL, r.records().get(0).status());
    }

    @Test
    void gbkBytesDeclaredAsUtf8AreRefusedNamingTheLine() {
        String csv = "code,kind,name,lon,lat\nA-1,hydrant,ok,113.64,34.72\nA-2,hydrant,东口,113.64,34.72\n";
        ComponentFileReader.Unreadable e = assertThrows(ComponentFileReader.Unreadable.class,
                () -> ComponentFileReader.readCsv(csv.getBytes(GBK), "utf-8", CoordinateSystem.WGS84));
        assertTrue(e.getMessage().contains("not valid UTF-8") && e.getMessage().contains("line 3"), e.getMessage());
    }

    @Test
    void bytesThatAreNeitherUtf8NorGbkAreRefused() {
        byte[] latin1 = "code,kind,name,lon,lat\nA-1,hydrant,caf\u00e9,113.64,34.72\n".getBytes(StandardCharsets.ISO_8859_1);
        ComponentFileReader.Unreadable e = assertThrows(ComponentFileReader.Unreadable.class,
                () -> ComponentFileReader.readCsv(latin1, null, CoordinateSystem.WGS84));
        assertTrue(e.getMessage().contains("neither UTF-8 nor GBK"), e.getMessage());
    }

    @Test
    void everyBadRowIsReportedAndNoRecordIsReturned() {
        String csv = "code,kind,name,status,lon,lat,ai_alarms\n"
                + "G-1,hydrant,fine,normal,113.64,34.72,\n"
                + "G-2,fountain,bad kind,normal,113.64,34.72,\n"
                + "G-1,hydrant,duplicate,normal,113.64,34.72,\n"
                + "G-3,hydrant,far,normal,200,34.72,\n"
                + "G-4,hydrant,<script>alert(1)</script>,normal,113.64,34.72,\n"
                + "G-5,hydrant,alarms,normal,113.64,34.72,占道经营\n"
                + "G-6,camera,odd alarm,broken,113.64,34.72,UFO\n";
        ComponentFileReader.Result r = ComponentFileReader.readCsv(csv.getBytes(StandardCharsets.UTF_8), null, CoordinateSystem.WGS84);
        assertFalse(r.ok());
        assertTrue(r.records().isEmpty());
        List<String> where = r.issues().stream().map(ComponentFileReader.Issue::where).toList();
        assertEquals(List.of("row 3, kind", "row 4, code", "row 5, lon", "row 6, name", "row 7, ai_alarms", "row 8, status",
                "row 8, ai_alarms"), where);
        assertTrue(r.issues().get(1).detail().contains("appears twice") && r.issues().get(1).detail().contains("row 2"));
    }

    @Test
    void aHeaderWithoutCoordinatesIsRefused() {
        assertThrows(ComponentFileReader.Unreadable.class,
                () -> ComponentFileReader.readCsv("code,kind\nA,hydrant\n".getBytes(StandardCharsets.UTF_8), null, CoordinateSystem.WGS84));
    }

    @Test
    void geoJsonPointsAreReadAndGcj02IsConverted() {
        Map<String, Object> fc = Map.of("type", "FeatureCollection", "features", List.of(
                Map.of("type", "Feature", "geometry", Map.of("type", "Point", "coordinates", List.of(113.6425, 34.7459)),
                        "properties", Map.of("code", "JG-9", "kind", "manhole", "status", "maintenance"))));
        ComponentFileReader.Result r = ComponentFileReader.readGeoJson(fc, CoordinateSystem.GCJ02);
        assertTrue(r.ok(), r.issues().toString());
        // GCJ-02 is offset from WGS84 by a few hundred metres here.
        double dx = (r.records().get(0).lon() - 113.6425) * 91_000;
        double dy = (r.records().get(0).lat() - 34.7459) * 110_600;
        double moved = Math.hypot(dx, dy);
        assertTrue(moved > 100 && moved < 1000, moved + " m");
        assertFalse(ComponentFileReader.readGeoJson(Map.of("type", "Feature"), CoordinateSystem.WGS84).ok());
    }
}
