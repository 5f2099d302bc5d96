package cn.yiwang.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.testing.PostgisTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/** The batch append the case-event writer uses: all or nothing, in order, readable after the previous id. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveEventLogTest implements PostgisTest {

    @Inject
    LiveEventLog log;

    @Test
    void aBatchIsAppendedInOrderAndReadBackAfterThePreviousId() {
        long before = log.latestId();
        List<LiveEvent.Draft> drafts = List.of(
                LiveEvent.Draft.of(LiveTopic.GRIDS, "layer.changed", null, "{\"n\":1}"),
                LiveEvent.Draft.of(LiveTopic.GRIDS, "layer.changed", null, "{\"n\":2}"),
                LiveEvent.Draft.of(LiveTopic.GRIDS, "layer.changed", null, "{\"n\":3}"));
        long last = log.appendAll(drafts);
        List<LiveEvent> read = log.after(before, 100).stream().filter(e -> e.origin().equals(log.origin()) && e.id() <= last).toList();
        assertEquals(3, read.size());
        assertEquals(last, read.get(2).id());
        for (int i = 0; i < 3; i++) {
            assertTrue(read.get(i).json().replace(" ", "").contains("\"n\":" + (i + 1)), read.get(i).json());
        }
    }

    @Test
    void anEmptyBatchWritesNothing() {
        long before = log.latestId();
        assertEquals(0, log.appendAll(List.of()));
        assertEquals(before, log.latestId());
    }
}
