package cn.yiwang.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class SimulatorOptionsTest {

    @Test
    void defaultsRunAgainstTheLocalServerUntilStopped() {
        SimulatorOptions o = SimulatorOptions.parse(new String[0], 99);
        assertEquals("http://localhost:8080", o.url().toString());
        assertEquals(30, o.ratePerMinute());
        assertEquals(60, o.speed());
        assertNull(o.duration());
        assertEquals(99, o.seed());
        assertEquals(0, o.backfillDays());
        assertEquals(100, o.patrolWorkers());
        assertEquals(0, SimulatorOptions.parse(new String[] {"--patrol-workers", "0"}, 1).patrolWorkers());
    }

    @Test
    void optionsAreParsed() {
        SimulatorOptions o = SimulatorOptions.parse(new String[] {"--url", "http://127.0.0.1:18080/", "--rate", "120", "--speed", "600",
            "--duration", "90s", "--seed", "7", "--backfill-days", "7", "--backfill-per-day", "50", "--start", "2026-01-15T19:00"}, 1);
        assertEquals("http://127.0.0.1:18080", o.url().toString());
        assertEquals(Duration.ofSeconds(90), o.duration());
        assertEquals(7, o.seed());
        assertEquals(50, o.backfillPerDay());
        assertEquals(19, o.start().getHour());
        assertEquals(Duration.ofMinutes(10), SimulatorOptions.duration("10m"));
        assertEquals(Duration.ofHours(2), SimulatorOptions.duration("2h"));
        assertEquals(Duration.ofMinutes(5), SimulatorOptions.duration("PT5M"));
    }

    @Test
    void badOptionsAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimulatorOptions.parse(new String[] {"--rate", "-1"}, 1))
                .getMessage().contains("--rate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimulatorOptions.parse(new String[] {"--speed", "0.5"}, 1))
                .getMessage().contains("--speed"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimulatorOptions.parse(new String[] {"--duration", "soon"}, 1))
                .getMessage().contains("--duration"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimulatorOptions.parse(new String[] {"--colour", "red"}, 1))
                .getMessage().contains("--colour"));
    }
}
