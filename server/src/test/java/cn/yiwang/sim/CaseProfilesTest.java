package cn.yiwang.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class CaseProfilesTest {

    static String read(String text) throws Exception {
        try {
            CaseProfiles.read(new StringReader(text));
            return "ok";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    @Test
    void aProfileLineIsReadWithItsTagsChannelsAndTexts() throws Exception {
        List<CaseProfile> p = CaseProfiles.read(new StringReader("# comment\n\nJMZX-01|12|s|evening,weekend|video_ai:4|{w}摆摊；{w}夜市|占道；堵路\n"));
        assertEquals(1, p.size());
        CaseProfile v = p.get(0);
        assertEquals(Set.of("evening", "weekend"), v.tags());
        assertEquals(4, v.channelFactor(Channel.VIDEO_AI));
        assertEquals(1, v.channelFactor(Channel.PATROL));
        assertEquals(0, v.channelFactor(Channel.IOT));
        assertEquals(List.of("{w}摆摊", "{w}夜市"), v.titles());
    }

    @Test
    void problemsNameTheirLine() throws Exception {
        assertTrue(read("A-01|1|s|||t|d\nA-02|1|x|||t|d").startsWith("line 2: place must be"));
        assertTrue(read("A-01|1|s|monsoon||t|d").startsWith("line 1: unknown tag 'monsoon'"));
        assertTrue(read("A-01|1|s||fax:1|t|d").startsWith("line 1: unknown channel 'fax'"));
        assertTrue(read("A-01|1|s|||t|d\nA-01|1|s|||t|d").contains("appears twice"));
        assertTrue(read("A-01|1|s||").startsWith("line 1: 7 fields"));
        assertThrows(IllegalArgumentException.class, () -> CaseProfiles.read(new StringReader("A-01|0|s|||t|d")));
    }

    @Test
    void seasonalTagsMultiply() {
        LocalDateTime saturdayEveningInJanuary = LocalDateTime.parse("2026-01-17T19:30");
        assertEquals(4 * 2.5 * 8, CaseSeasonality.multiplier(Set.of("evening", "weekend", "winter"), saturdayEveningInJanuary), 1e-9);
        assertEquals(0.15, CaseSeasonality.multiplier(Set.of("winter"), LocalDateTime.parse("2026-07-01T12:00")), 1e-9);
        assertEquals(1, CaseSeasonality.multiplier(Set.of(), saturdayEveningInJanuary), 1e-9);
    }
}
