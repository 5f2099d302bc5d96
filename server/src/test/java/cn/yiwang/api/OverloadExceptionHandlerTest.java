package cn.yiwang.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.db.DatabaseFailures;
import cn.yiwang.security.DemoUsers;
import cn.yiwang.testing.Http;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.context.annotation.Property;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "datasources.default.maximum-pool-size", value = "3")
@Property(name = "datasources.default.connection-timeout", value = "250")
class OverloadExceptionHandlerTest implements PostgisTest {

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;

    @Test
    void onlyAPoolTimeoutCountsAsOverload() {
        assertTrue(DatabaseFailures.isPoolTimeout(new IllegalStateException("x", new SQLTransientConnectionException("timeout"))));
        assertEquals(false, DatabaseFailures.isPoolTimeout(new IllegalStateException("x", new SQLException("syntax"))));
    }

    @Test
    void onlyACutOrRefusedConnectionCountsAsTheDatabaseBeingGone() {
        for (String state : new String[] {"08006", "08003", "08001", "57P01", "57P02", "57P03"}) {
            assertTrue(DatabaseFailures.isConnectionLost(new IllegalStateException("x", new SQLException("cut", state))), state);
        }
        for (String state : new String[] {"23505", "42601", "40001", "57014"}) {
            assertEquals(false, DatabaseFailures.isConnectionLost(new IllegalStateException("x", new SQLException("stmt", state))), state);
        }
        assertEquals(false, DatabaseFailures.isConnectionLost(new IllegalStateException("no SQL at all")));
    }

    @Test
    void anExhaustedPoolAnswers503WithRetryAfterAndWritesNothing() throws SQLException {
        Http http = new Http(server, json);
        String token = http.login("ops", DemoUsers.DEMO_PASSWORD);
        long before;
        try (Connection c = dataSource.getConnection(); var st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM case_record")) {
            rs.next();
            before = rs.getLong(1);
        }
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                held.add(dataSource.getConnection());
            }
            Http.Response r = http.postJson("/api/cases", String.format(Locale.ROOT,
                    "{\"category\":\"SRHJ-07\",\"title\":\"过载\",\"source\":\"hotline_12345\",\"location\":{\"lon\":%.5f,\"lat\":%.5f}}",
                    113.64, 34.72), token);
            assertEquals(503, r.status(), r.body());
            assertEquals("application/problem+json", r.contentType());
            assertEquals(OverloadExceptionHandler.RETRY_AFTER_SECONDS, r.header("Retry-After"));
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
        try (Connection c = dataSource.getConnection(); var st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM case_record")) {
            rs.next();
            assertEquals(before, rs.getLong(1));
        }
    }
}
