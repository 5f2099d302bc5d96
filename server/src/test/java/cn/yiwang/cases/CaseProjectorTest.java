package cn.yiwang.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CaseProjectorTest {

    static final Instant T0 = Instant.parse("2026-11-20T02:00:00Z");

    static CaseEvent event(int seq, String type, Map<CaseColumn, Object> changes) {
        return new CaseEvent(9, seq, T0.plusSeconds(seq), "a", "ops", type, null, null, null, null, null, List.of(), changes, Map.of());
    }

    @Test
    void replayAppliesEveryEventInOrder() {
        EnumMap<CaseColumn, Object> created = new EnumMap<>(CaseColumn.class);
        created.put(CaseColumn.CODE, "EQ-20261120-000001");
        created.put(CaseColumn.STATUS, "reported");
        created.put(CaseColumn.RETURN_COUNT, 0);
        CaseState s = CaseProjector.replay(List.of(
                event(1, CaseEvent.CREATED, created),
                event(2, "accept", Map.of(CaseColumn.STATUS, "accepted")),
                event(3, "overdue", Map.of(CaseColumn.OVERDUE, true))));
        assertEquals(3, s.version());
        assertEquals(CaseStatus.ACCEPTED, s.status());
        assertEquals(true, s.get(CaseColumn.OVERDUE));
        assertEquals(T0.plusSeconds(3), s.updatedAt());
        assertFalse(s.values().containsKey(CaseColumn.RETURN_COUNT), "a zero counter is the default, not held");
    }

    @Test
    void aClearedFieldDisappears() {
        EnumMap<CaseColumn, Object> created = new EnumMap<>(CaseColumn.class);
        created.put(CaseColumn.STATUS, "suspended");
        created.put(CaseColumn.PAUSED_SINCE, T0);
        EnumMap<CaseColumn, Object> resume = new EnumMap<>(CaseColumn.class);
        resume.put(CaseColumn.STATUS, "in_progress");
        resume.put(CaseColumn.PAUSED_SINCE, null);
        CaseState s = CaseProjector.replay(List.of(event(1, CaseEvent.CREATED, created), event(2, "resume", resume)));
        assertFalse(s.values().containsKey(CaseColumn.PAUSED_SINCE));
    }

    @Test
    void aGapInTheSequenceIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CaseProjector.replay(List.of(
                event(1, CaseEvent.CREATED, Map.of(CaseColumn.STATUS, "reported")),
                event(3, "accept", Map.of(CaseColumn.STATUS, "accepted")))));
    }

    @Test
    void historyMustStartWithCreation() {
        assertThrows(IllegalArgumentException.class, () -> CaseProjector.replay(List.of(event(1, "accept", Map.of()))));
    }
}
