package cn.yiwang.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.layers.LayerChangedEvent;
import cn.yiwang.security.DemoUsers;
import cn.yiwang.testing.Http;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.security.token.generator.TokenGenerator;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/** {@code GET /api/live} on one instance: delivery, scope and topic filtering, replay, bad input. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveApiTest implements PostgisTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;
    @Inject
    TokenGenerator tokenGenerator;
    @Inject
    ApplicationEventPublisher<LayerChangedEvent> layerEvents;
    @Inject
    LiveEventPurge purge;

    Http http;
    String worker;
    String ops;
    String dispatcher;
    String workerCommunity;
    LiveFixtures.Spot inWorkerCommunity;
    LiveFixtures.Spot elsewhere;

    @BeforeAll
    void setUp() throws Exception {
        http = new Http(server, json);
        worker = http.login("worker", DemoUsers.DEMO_PASSWORD);
        ops = http.login("ops", DemoUsers.DEMO_PASSWORD);
        dispatcher = http.login("dispatcher", DemoUsers.DEMO_PASSWORD);
        workerCommunity = LiveFixtures.single(dataSource, "SELECT scope_code FROM app_user WHERE username = 'worker'");
        inWorkerCommunity = LiveFixtures.spot(dataSource, workerCommunity, 3);
        // A micro grid in another street office than the worker's and the dispatcher's.
        String otherStreet = LiveFixtures.single(dataSource, "SELECT code FROM grid_current WHERE level = 'l1' AND code <> '"
                + workerCommunity.substring(0, 9) + "' ORDER BY code DESC LIMIT 1");
        elsewhere = LiveFixtures.spot(dataSource, otherStreet, 5);
    }

    private SseClient open(String query, String token) {
        return SseClient.open(server.getURI(), "/api/live" + query, token, null, json);
    }

    private static boolean caseEvent(SseClient.Message m, Object caseId) {
        return m.type().startsWith("case.") && caseId.equals(((Number) m.data().get("id")).longValue());
    }

    @Test
    void aCaseReachesTheStreamsWhoseScopeHoldsItAndNoOther() throws Exception {
        try (SseClient workerStream = open("", worker); SseClient opsStream = open("", ops)) {
            assertEquals(200, workerStream.status);
            assertTrue(workerStream.contentType.startsWith("text/event-stream"), workerStream.contentType);
            assertEquals("ready", workerStream.next(WAIT).type());
            assertEquals("ready", opsStream.next(WAIT).type());

            long outside = ((Number) LiveFixtures.createCase(http, ops, elsewhere, "SRHJ-01").get("id")).longValue();
            long inside = ((Number) LiveFixtures.createCase(http, ops, inWorkerCommunity, "SRHJ-01").get("id")).longValue();

            SseClient.Message seenByOps = opsStream.await(m -> caseEvent(m, outside), WAIT, "case outside the worker's community on the ops stream");
            assertEquals("case.created", seenByOps.type());
            opsStream.await(m -> caseEvent(m, inside), WAIT, "case inside on the ops stream");
            // The worker's stream: the case of its community, and nothing of the other street before it.
            SseClient.Message first = workerStream.await(m -> m.type().startsWith("case."), WAIT, "a case event on the worker stream");
            assertEquals(inside, ((Number) first.data().get("id")).longValue(), "the first case the worker sees is the one in its community");
            assertNotNull(first.id());
        }
    }

    @Test
    void theCasePayloadCarriesTheMarkerAndNeverTheReporter() throws Exception {
        try (SseClient s = open("?topics=cases", dispatcher)) {
            s.next(WAIT);
            Map<String, Object> created = LiveFixtures.createCase(http, dispatcher, inWorkerCommunity, "SRHJ-01");
            long id = ((Number) created.get("id")).longValue();
            SseClient.Message m = s.await(x -> caseEvent(x, id), WAIT, "the case");
            Map<String, Object> d = m.data();
            assertEquals(created.get("code"), d.get("code"));
            assertEquals(created.get("status"), d.get("status"));
            assertEquals("SRHJ-01", d.get("category"));
            assertEquals(inWorkerCommunity.micro(), d.get("grid"));
            assertEquals(12, ((Number) d.get("floor")).intValue());
            assertEquals(inWorkerCommunity.lon(), ((Number) d.get("lon")).doubleValue(), 1e-6);
            assertEquals(5, ((List<?>) d.get("chain")).size(), "micro → district");
            String raw = json.writeValueAsString(m.json());
            assertFalse(raw.contains("13812345678") || raw.contains("138****5678") || raw.contains("王") || raw.contains("reporter"), raw);
        }
    }

    @Test
    void aStatusChangeIsAnEventOfItsOwn() throws Exception {
        Map<String, Object> created = LiveFixtures.createCase(http, dispatcher, inWorkerCommunity, "SRHJ-01");
        long id = ((Number) created.get("id")).longValue();
        try (SseClient s = open("?topics=cases", dispatcher)) {
            s.next(WAIT);
            Http.Response r = http.postJson("/api/cases/" + id + "/actions/accept", "{\"version\":" + created.get("version") + "}", dispatcher);
            assertEquals(200, r.status(), r.body());
            // case.created is appended off the request path and may reach a stream opened just after
            // the POST answered: wait for the step's own event.
            SseClient.Message m = s.await(x -> caseEvent(x, id) && !"case.created".equals(x.type()), WAIT, "the accepted case");
            assertEquals("case.status_changed", m.type());
            assertEquals("accepted", m.data().get("status"));
            assertEquals("accept", m.data().get("change"));
        }
    }

    @Test
    void topicsLimitWhatAStreamGets() throws Exception {
        try (SseClient gridsOnly = open("?topics=grids", ops); SseClient all = open("", ops)) {
            gridsOnly.next(WAIT);
            all.next(WAIT);
            long id = ((Number) LiveFixtures.createCase(http, ops, elsewhere, "SRHJ-01").get("id")).longValue();
            all.await(m -> caseEvent(m, id), WAIT, "the case on the unfiltered stream");
            // A layer change after the case: the grids-only stream's first event must be that, not the case.
            layerEvents.publishEvent(LayerChangedEvent.wholeLayer("buildings"));
            SseClient.Message m = gridsOnly.next(WAIT);
            assertNotNull(m, "the layer change");
            assertEquals("layer.changed", m.type());
            assertEquals("buildings", m.data().get("layer"));
            all.await(x -> "layer.changed".equals(x.type()), WAIT, "the layer change on the unfiltered stream");
        }
    }

    @Test
    void aReconnectWithLastEventIdReplaysWhatWasMissedWithoutGapOrDuplicate() throws Exception {
        String lastId;
        try (SseClient s = open("?topics=cases", ops)) {
            SseClient.Message ready = s.next(WAIT);
            assertEquals("ready", ready.type());
            lastId = ready.id();
            assertNotNull(lastId, "a fresh stream's ready event carries the id to resume from");
        }
        List<Long> missed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            missed.add(((Number) LiveFixtures.createCase(http, ops, LiveFixtures.spot(dataSource, workerCommunity, 10 + i), "SRHJ-01").get("id")).longValue());
        }
        cn.yiwang.testing.LiveLog.awaitCaseCreated(dataSource, missed);
        try (SseClient s = SseClient.open(server.getURI(), "/api/live?topics=cases", ops, lastId, json)) {
            SseClient.Message ready = s.next(WAIT);
            assertEquals("ready", ready.type());
            assertEquals(3, ((Number) ready.data().get("replayed")).intValue(), "exactly the three missed case events");
            List<Long> ids = new ArrayList<>();
            List<Long> caseIds = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                SseClient.Message m = s.next(WAIT);
                ids.add(Long.parseLong(m.id()));
                caseIds.add(((Number) m.data().get("id")).longValue());
            }
            assertEquals(missed, caseIds);
            long live = ((Number) LiveFixtures.createCase(http, ops, inWorkerCommunity, "SRHJ-01").get("id")).longValue();
            SseClient.Message next = s.next(WAIT);
            assertEquals(live, ((Number) next.data().get("id")).longValue(), "continues live with the next event, no duplicate");
            ids.add(Long.parseLong(next.id()));
            for (int i = 1; i < ids.size(); i++) {
                assertTrue(ids.get(i) > ids.get(i - 1), "ids increase: " + ids);
            }
            assertNull(s.next(Duration.ofMillis(500)), "nothing more");
        }
    }

    @Test
    void aMalformedLastEventIdStartsFromNowAndSaysSo() throws Exception {
        try (SseClient s = SseClient.open(server.getURI(), "/api/live", ops, "abc'; DROP", json)) {
            assertEquals(200, s.status);
            SseClient.Message first = s.next(WAIT);
            assertEquals("resync", first.type());
            assertEquals("malformed_last_event_id", first.data().get("reason"));
            assertNotNull(first.id(), "a valid id replaces the malformed one for the next reconnect");
        }
        try (SseClient s = SseClient.open(server.getURI(), "/api/live", ops, "999999999999", json)) {
            assertEquals("unknown_last_event_id", s.next(WAIT).data().get("reason"));
        }
    }

    @Test
    void aForgedOrExpiredTokenIs401() throws Exception {
        try (SseClient s = open("", worker.substring(0, worker.length() - 4) + "AAAA")) {
            assertEquals(401, s.status);
            assertTrue(s.contentType.startsWith("application/problem+json"), s.contentType);
        }
        long past = Instant.now().minusSeconds(3600).getEpochSecond();
        String expired = tokenGenerator.generateToken(Map.of("sub", "ops", "roles", List.of("ops"), "scope", "410103", "uid", 2,
                "iat", past - 60, "exp", past)).orElseThrow();
        try (SseClient s = open("", expired)) {
            assertEquals(401, s.status);
        }
        try (SseClient s = open("?access_token=" + expired, null)) {
            assertEquals(401, s.status);
        }
        try (SseClient s = open("", null)) {
            assertEquals(401, s.status);
        }
    }

    @Test
    void theAccessTokenParameterWorksForTheStreamOnly() throws Exception {
        try (SseClient s = open("?access_token=" + worker, null)) {
            assertEquals(200, s.status);
            assertEquals("ready", s.next(WAIT).type());
        }
        assertEquals(401, http.get("/api/me?access_token=" + worker).status());
    }

    @Test
    void aScopeOutsideTheCallersIs403AndBadParametersAre400() throws Exception {
        try (SseClient s = open("?scope=" + workerCommunity.substring(0, 9), worker)) {
            assertEquals(403, s.status);
            assertTrue(s.errorBody.contains("scope"), s.errorBody);
        }
        try (SseClient s = open("?scope=" + workerCommunity, worker)) {
            assertEquals(200, s.status);
        }
        try (SseClient s = open("?topics=cases,weather", ops)) {
            assertEquals(400, s.status);
            assertTrue(s.errorBody.contains("weather"), s.errorBody);
        }
        try (SseClient s = open("?scope=41%27", ops)) {
            assertEquals(400, s.status);
        }
    }

    @Test
    void aNarrowerScopeFiltersTheOpsStream() throws Exception {
        String street = workerCommunity.substring(0, 9);
        try (SseClient s = open("?topics=cases&scope=" + street, ops)) {
            s.next(WAIT);
            long outside = ((Number) LiveFixtures.createCase(http, ops, elsewhere, "SRHJ-01").get("id")).longValue();
            long inside = ((Number) LiveFixtures.createCase(http, ops, inWorkerCommunity, "SRHJ-01").get("id")).longValue();
            SseClient.Message m = s.next(WAIT);
            assertEquals(inside, ((Number) m.data().get("id")).longValue(), "case " + outside + " of another street is filtered out");
        }
    }

    @Test
    void thePurgeDeletesEventsOlderThanTheWindowAndTheLogRefusesUpdates() throws Exception {
        String old;
        try (java.sql.Connection c = dataSource.getConnection()) {
            try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO live_event (created_at, topic, type, origin, payload)"
                    + " VALUES (now() - interval '25 hours', 'grids', 'layer.changed', 'test', '{}') RETURNING id")) {
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    old = rs.getString(1);
                }
            }
            java.sql.SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                    () -> c.createStatement().executeUpdate("UPDATE live_event SET type = 'case.created' WHERE id = " + old));
            assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
        }
        String recent = LiveFixtures.single(dataSource, "SELECT count(*) FROM live_event WHERE created_at > now() - interval '24 hours' AND id < " + old);
        assertTrue(purge.purge() >= 1);
        assertEquals("0", LiveFixtures.single(dataSource, "SELECT count(*) FROM live_event WHERE id = " + old));
        assertEquals("0", LiveFixtures.single(dataSource, "SELECT count(*) FROM live_event WHERE created_at < now() - interval '24 hours'"));
        assertEquals(recent, LiveFixtures.single(dataSource, "SELECT count(*) FROM live_event WHERE created_at > now() - interval '24 hours' AND id < " + old),
                "the recent events stay");
    }
}
