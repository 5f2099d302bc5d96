package cn.yiwang.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

class RouteJsonWriterTest {

    private static RouteResult unassigned(int i) {
        return new RouteResult("p-" + i, null, new RouteResult.Input(113.6 + i * 1e-6, 34.7, "wgs84", null),
                new RouteResult.Wgs84(113.6 + i * 1e-6, 34.7), false, RouteResult.UNASSIGNED_QUEUE, null, null, null, null,
                List.of(), List.of(), List.of(), null, List.of(), null, null, null);
    }

    @Test
    void thePiecesGivenToTheSinkAreTheWholeAnswerInOrder() {
        RouteJsonWriter writer = new RouteJsonWriter();
        List<RouteResult> results = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            results.add(unassigned(i));
        }
        for (RouteJsonWriter.View view : RouteJsonWriter.View.values()) {
            List<byte[]> pieces = writer.write(results, view, (b, from, n) -> Arrays.copyOfRange(b, from, from + n), p -> { });
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            pieces.forEach(all::writeBytes);
            RouteJsonWriter.Pieces again = writer.writePieces(results, view);
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            for (int i = 0; i < again.arrays().size(); i++) {
                whole.write(again.arrays().get(i), 0, again.lengths()[i]);
            }
            String json = all.toString(StandardCharsets.UTF_8);
            assertEquals(whole.toString(StandardCharsets.UTF_8), json, view.name());
            assertTrue(json.startsWith("{\"results\":[{\"id\":\"p-0\","), json.substring(0, 40));
            assertTrue(json.contains("{\"id\":\"p-2999\","), view + ": the last point is there");
            assertEquals(3_000, json.split("\"queue\":\"unassigned\"", -1).length - 1, view + ": every point once");
        }
    }

    @Test
    void whenRenderingFailsEveryPieceTakenIsDiscarded() throws InterruptedException {
        RouteJsonWriter writer = new RouteJsonWriter();
        List<RouteResult> results = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            results.add(unassigned(i));
        }
        // No input echo: the full view cannot render this one (a bug, were it to happen).
        results.set(9_000, new RouteResult("bad", null, null, new RouteResult.Wgs84(113.6, 34.7), false, RouteResult.UNASSIGNED_QUEUE,
                null, null, null, null, List.of(), List.of(), List.of(), null, List.of(), null, null, null));
        Set<Object> taken = ConcurrentHashMap.newKeySet();
        Set<Object> discarded = Collections.newSetFromMap(new ConcurrentHashMap<>());
        assertThrows(NullPointerException.class, () -> writer.write(results, RouteJsonWriter.View.FULL, (b, from, n) -> {
            Object piece = new Object();
            taken.add(piece);
            return piece;
        }, discarded::add));
        // Chunks still rendering in parallel when the failure came out discard their own piece as they end.
        for (int wait = 0; wait < 100 && discarded.size() < taken.size(); wait++) {
            Thread.sleep(50);
        }
        assertTrue(taken.size() > 1, "pieces were made before the failure: " + taken.size());
        assertEquals(taken, discarded);
    }
}
