package cn.yiwang.web;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.testing.BrowserScript;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/**
 * The status map (作战图) on the big screen in headless Chromium (web/test/browser/screenStatus.mjs):
 * the 作战图 toggle shows the per-street counts with Chinese labels, and a household status set by the
 * grid worker through the API raises the street's count on the screen within a second.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScreenStatusPageTest implements PostgisTest {

    @Inject
    io.micronaut.runtime.server.EmbeddedServer server;
    @Inject
    DataSource dataSource;

    @Test
    void theBigScreenShowsTheStatusLayerAndLiveCounts() throws Exception {
        String household;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id FROM household WHERE micro_code LIKE '410103001004%' ORDER BY id DESC LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next(), "no demo household in 兴华街社区");
            household = rs.getString(1);
        }
        BrowserScript.run(server, "test/browser/screenStatus.mjs", 180, Map.of("YIWANG_STATUS_HOUSEHOLD", household));
    }
}
