package cn.yiwang.patrol.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalDate;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.patrol.PatrolFixtures;
import cn.yiwang.patrol.PatrolRetention;
import cn.yiwang.security.DemoUsers;
import cn.yiwang.testing.Http;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/**
 * Retention keeps the per-day results and only them: the daily job clears the simplified track of
 * worker-days past retention and keeps their figures, and such a day can no longer be analysed
 * again (which would find no raw fix and overwrite its figures with zeros).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PatrolRetentionResultsTest implements PostgisTest {

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;
    @Inject
    PatrolRetention retention;

    Http http;
    String ops;
    String walker;
    LocalDate old;
    LocalDate recent;

    @BeforeAll
    void storeTwoDays() throws Exception {
        http = new Http(server, json);
        ops = http.login("ops", DemoUsers.DEMO_PASSWORD);
        String grid = PatrolFixtures.single(dataSource, "SELECT grid_code FROM grid_duty ORDER BY grid_code DESC OFFSET 5 LIMIT 1");
        walker = "gw" + grid;
        old = retention.oldestKeptDay().minusDays(3);
        recent = retention.oldestKeptDay().plusDays(1);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO patrol_day (district_code, user_id, day, username, grid_code, fixes, kept_fixes, distance_m, duration_s,
                                        inside_s, coverage_share, buildings_total, buildings_passed, stops, idle_gaps, cases_reported,
                                        compliant, detail, track)
                SELECT substr(?, 1, 6), u.id, ?, u.username, ?, 2880, 2800, 6400, 7200, 6000, 0.72, 40, 31, 4, 1, 2, true, '{}'::jsonb,
                       ST_Multi(ST_MakeLine(ST_PointOnSurface(g.geom), ST_Centroid(ST_Envelope(g.geom))))
                FROM app_user u, grid_current g WHERE u.username = ? AND g.code = ?
                ON CONFLICT (district_code, user_id, day) DO NOTHING""")) {
            for (LocalDate d : new LocalDate[] {old, recent}) {
                ps.setString(1, grid);
                ps.setObject(2, d);
                ps.setString(3, grid);
                ps.setString(4, walker);
                ps.setString(5, grid);
                assertEquals(1, ps.executeUpdate());
            }
        }
    }

    private String trackOf(LocalDate d) throws Exception {
        return PatrolFixtures.single(dataSource, "SELECT coalesce(ST_GeometryType(track), 'none') FROM patrol_day WHERE username = ? AND day = ?",
                walker, d);
    }

    @Test
    void theJobClearsOldTracksKeepsTheFiguresAndTheOldDayIsFinal() throws Exception {
        assertEquals("ST_MultiLineString", trackOf(old));
        retention.dropBefore(retention.oldestKeptDay());
        assertEquals("none", trackOf(old), "the movement trace of a day past retention goes with its raw fixes");
        assertEquals("ST_MultiLineString", trackOf(recent), "a day inside retention keeps its track");
        assertTrue(Integer.parseInt(PatrolFixtures.single(dataSource,
                "SELECT count(*) FROM audit_log WHERE action = 'patrol.retention_tracks'")) >= 1, "the clearing is audited");

        Http.Response kept = http.get("/api/patrol/days/" + walker + "/" + old, ops);
        assertEquals(200, kept.status(), kept.body());
        assertEquals(6400.0, ((Number) kept.map().get("distanceMeters")).doubleValue(), 1e-9, "the figures stay: " + kept.body());
        assertEquals(0.72, ((Number) kept.map().get("coverageShare")).doubleValue(), 1e-9);
        assertNull(kept.map().get("track"));
        assertNull(kept.map().get("coverage"));

        Http.Response again = http.get("/api/patrol/days/" + walker + "/" + old + "?refresh=true", ops);
        assertEquals(409, again.status(), again.body());
        assertTrue(again.body().contains("past-retention"), again.body());
        Http.Response run = http.postJson("/api/admin/patrol/analyse?date=" + old, "", ops);
        assertEquals(409, run.status(), "a day run past retention would overwrite every worker's figures: " + run.body());
        assertEquals("6400", PatrolFixtures.single(dataSource, "SELECT round(distance_m)::int FROM patrol_day WHERE username = ? AND day = ?",
                walker, old), "nothing was overwritten");

        Http.Response other = http.get("/api/patrol/days/gw" + PatrolFixtures.single(dataSource,
                "SELECT grid_code FROM grid_duty ORDER BY grid_code DESC OFFSET 6 LIMIT 1") + "/" + old, ops);
        assertEquals(404, other.status(), "a worker-day never stored and past retention is not invented: " + other.body());
    }
}
