package cn.yiwang.patrol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import cn.yiwang.geo.CoordinateSystem;

/** The pure readers and the validator, without a server. */
class PatrolReadersTest {

    private static final Instant NOW = Instant.parse("2026-11-23T02:00:00Z");

    private static PatrolFixValidator.Result validate(PatrolFixDraft d) {
        return PatrolFixValidator.validate(d, CoordinateSystem.WGS84, "osmand", NOW);
    }

    private static Map<String, String> params(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void timestampsAreReadAsTraccarReadsThem() {
        Instant t = Instant.parse("2026-11-23T01:02:03Z");
        long s = t.getEpochSecond();
        assertEquals(t, PatrolFixValidator.parseTime(Long.toString(s)));
        assertEquals(t.plusMillis(450), PatrolFixValidator.parseTime(s + "450"));
        assertEquals(t.plusMillis(500), PatrolFixValidator.parseTime(s + ".5"));
        assertEquals(t, PatrolFixValidator.parseTime("2026-11-23T09:02:03+08:00"));
        assertEquals(t, PatrolFixValidator.parseTime("2026-11-23T01:02:03Z"));
        assertEquals(t, PatrolFixValidator.parseTime("2026-11-23 01:02:03"));
        assertThrows(IllegalArgumentException.class, () -> PatrolFixValidator.parseTime("23/11/2026"));
    }

    @Test
    void speedInKnotsBecomesMetersPerSecondAndUnknownKeysAreAttributes() {
        PatrolFixValidator.Result r = validate(OsmAndRequestReader.readQuery(params("id", "p1", "lat", "34.7", "lon", "113.6",
                "timestamp", "1763859723", "speed", "1.0", "bearing", "-1", "charge", "true", "driverUniqueId", "A1")));
        assertEquals(0.514444, r.fix().speedMps(), 1e-6);
        assertNull(r.fix().bearingDeg());
        assertEquals("{\"charge\":\"true\",\"driverUniqueId\":\"A1\"}", r.fix().attributesJson());
    }

    @Test
    void locationParameterIsLatCommaLon() {
        PatrolFix f = validate(OsmAndRequestReader.readQuery(params("deviceid", "p1", "location", "34.7,113.6", "timestamp", "1763859723"))).fix();
        assertEquals(34.7, f.lat());
        assertEquals(113.6, f.lon());
    }

    @Test
    void farFutureAncientNaNAndOutOfRangeAreRejectedWithTheField() {
        assertTrue(validate(OsmAndRequestReader.readQuery(params("id", "p", "lat", "34", "lon", "113", "timestamp",
                Long.toString(NOW.plusSeconds(601).getEpochSecond())))).reason().startsWith("timestamp:"));
        assertEquals(null, validate(OsmAndRequestReader.readQuery(params("id", "p", "lat", "34", "lon", "113", "timestamp",
                Long.toString(NOW.plusSeconds(599).getEpochSecond())))).reason(), "within the 10 minutes a clock may drift");
        assertTrue(validate(OsmAndRequestReader.readQuery(params("id", "p", "lat", "34", "lon", "113", "timestamp", "1999-12-31 23:59:59")))
                .reason().startsWith("timestamp:"));
        assertTrue(validate(OsmAndRequestReader.readQuery(params("id", "p", "lat", "NaN", "lon", "113", "timestamp", "1763859723")))
                .reason().startsWith("lat:"));
        assertTrue(validate(OsmAndRequestReader.readQuery(params("id", "p", "lat", "34", "lon", "180.5", "timestamp", "1763859723")))
                .reason().startsWith("lon:"));
        assertTrue(validate(OsmAndRequestReader.readQuery(params("id", "p", "lat", "x", "lon", "113", "timestamp", "1763859723")))
                .reason().startsWith("lat: 'x'"));
        assertTrue(validate(OsmAndRequestReader.readQuery(params("lat", "34", "lon", "113", "timestamp", "1763859723")))
                .reason().startsWith("id:"));
    }

    @Test
    void aGpxWithADoctypeIsRefusedEvenWithoutEntities() {
        String gpx = "<?xml version=\"1.0\"?><!DOCTYPE gpx SYSTEM \"http://example.invalid/gpx.dtd\"><gpx/>";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GpxTrackReader.read(new ByteArrayInputStream(gpx.getBytes(StandardCharsets.UTF_8)), "p", null));
        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
    }

    @Test
    void gpxTrackPointsAreRead() {
        String gpx = """
                <gpx version="1.0"><trk><trkseg>
                <trkpt lat="34.7" lon="113.6"><ele>99</ele><time>2026-11-23T01:02:03Z</time><speed>1.5</speed></trkpt>
                <trkpt lat="34.8" lon="113.7"><time>2026-11-23T01:02:08Z</time></trkpt>
                </trkseg></trk></gpx>""";
        List<PatrolFixDraft> drafts = GpxTrackReader.read(new ByteArrayInputStream(gpx.getBytes(StandardCharsets.UTF_8)), "p", null);
        assertEquals(2, drafts.size());
        PatrolFix f = validate(drafts.get(0)).fix();
        assertEquals(1.5, f.speedMps());
        assertEquals(99.0, f.altitudeM());
        assertEquals(Instant.parse("2026-11-23T01:02:03Z"), f.fixedAt());
    }

    @Test
    void aDocumentThatIsNotGpxIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> GpxTrackReader.read(new ByteArrayInputStream("<kml/>".getBytes(StandardCharsets.UTF_8)), "p", null));
    }
}
