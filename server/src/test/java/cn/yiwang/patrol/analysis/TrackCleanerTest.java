package cn.yiwang.patrol.analysis;

import static cn.yiwang.patrol.analysis.Tracks.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** The cleaner on synthetic noisy tracks: each dropped fix with the right reason, the rest kept in time order. */
class TrackCleanerTest {

    private static final TrackCleaner CLEANER = new TrackCleaner(50, 8, 3);

    /** 60 fixes walking east at 1.2 m/s, one per 10 s from 09:00. */
    private static List<TrackPoint> straight() {
        List<TrackPoint> t = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            t.add(at(Tracks.millis("09:00:00") + i * 10_000L, i * 12.0, 0, 5));
        }
        return t;
    }

    private static Map<Long, TrackCleaner.Reason> reasons(TrackCleaner.Cleaned c) {
        Map<Long, TrackCleaner.Reason> m = new TreeMap<>();
        for (TrackCleaner.Dropped d : c.dropped()) {
            m.put(d.point().timeMillis(), d.reason());
        }
        return m;
    }

    @Test
    void noisyTrackLosesItsBadFixesEachWithItsReason() {
        List<TrackPoint> t = straight();
        long t0 = Tracks.millis("09:00:00");
        t.set(5, at(t0 + 50_000, 60, 0, 80));                 // poor accuracy
        t.set(10, at(t0 + 100_000, 120, 500, 5));             // A→B→A spike, 500 m north in 10 s
        t.set(20, at(t0 + 200_000, 240, 400, 5));             // two wild fixes in a row: the first is too fast …
        t.set(21, at(t0 + 210_000, 252, -400, 5));            // … the second a spike (the next fix is plausible again)
        t.add(at(t0 + 300_000, 361, 0, 5));                   // a second fix at 09:05:00 (the first was at x = 360)
        Collections.shuffle(t, new Random(7));                // out of order
        TrackCleaner.Cleaned c = CLEANER.clean(t);

        Map<Long, TrackCleaner.Reason> expected = new TreeMap<>(Map.of(
                t0 + 50_000, TrackCleaner.Reason.POOR_ACCURACY,
                t0 + 100_000, TrackCleaner.Reason.SPIKE,
                t0 + 200_000, TrackCleaner.Reason.TOO_FAST,
                t0 + 210_000, TrackCleaner.Reason.SPIKE,
                t0 + 300_000, TrackCleaner.Reason.DUPLICATE));
        assertEquals(expected, reasons(c));
        assertEquals(61 - 5, c.kept().size());
        for (int i = 1; i < c.kept().size(); i++) {
            assertTrue(c.kept().get(i).timeMillis() > c.kept().get(i - 1).timeMillis(), "kept fixes are in time order");
            assertFalse(c.afterJump()[i]);
        }
        assertTrue(c.dropped().get(1).detail().contains("500 m"), c.dropped().get(1).detail());
    }

    @Test
    void relocationConfirmedByTheFixesAfterItIsKeptAsAJump() {
        List<TrackPoint> t = new ArrayList<>();
        long t0 = Tracks.millis("10:00:00");
        for (int i = 0; i < 10; i++) {
            t.add(at(t0 + i * 10_000L, i * 12.0, 0, 5));
        }
        // A bus ride: 2 km east in 60 s (33 m/s), then walking again.
        for (int i = 0; i < 10; i++) {
            t.add(at(t0 + 150_000 + i * 10_000L, 2108 + i * 12.0, 0, 5));
        }
        TrackCleaner.Cleaned c = CLEANER.clean(t);
        assertEquals(20, c.kept().size());
        assertTrue(c.dropped().isEmpty());
        assertTrue(c.afterJump()[10], "the first fix after the ride follows a jump");
        assertEquals(1, java.util.stream.IntStream.range(0, 20).filter(i -> c.afterJump()[i]).count());
    }

    @Test
    void loneWildFirstFixIsDroppedAsSpike() {
        List<TrackPoint> t = straight();
        long t0 = Tracks.millis("09:00:00");
        t.add(0, at(t0 - 10_000, 3000, 3000, 5));
        TrackCleaner.Cleaned c = CLEANER.clean(t);
        assertEquals(Map.of(t0 - 10_000, TrackCleaner.Reason.SPIKE), reasons(c));
        assertEquals(60, c.kept().size());
        assertFalse(c.afterJump()[0]);
    }

    @Test
    void fixOfUnknownAccuracyIsTrusted() {
        List<TrackPoint> t = straight();
        t.set(3, new TrackPoint(t.get(3).timeMillis(), t.get(3).lon(), t.get(3).lat(), Double.NaN));
        assertTrue(CLEANER.clean(t).dropped().isEmpty());
    }

    @Test
    void nonPositiveLimitsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TrackCleaner(0, 8, 3));
        assertThrows(IllegalArgumentException.class, () -> new TrackCleaner(50, -1, 3));
    }
}
