package cn.yiwang.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import cn.yiwang.testing.TestPostgis;

/**
 * The launcher's life cycle on its own throwaway cluster: first start, stop, restart with the data
 * kept, a second copy refused, a stale postmaster.pid and an orphaned postmaster recovered.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedPostgisTest {

    Path dir;
    EmbeddedPostgis pg;

    @BeforeAll
    void init() throws Exception {
        dir = TestPostgis.tempDir("yiwang-launcher-test");
        pg = launcher();
    }

    @AfterAll
    void stop() {
        pg.close();
    }

    EmbeddedPostgis launcher() {
        return new EmbeddedPostgis(new EmbeddedPostgis.Options(dir, "launcher", false), PostgresBinaries.locate());
    }

    static String query(EmbeddedPostgis.ConnectionInfo c, String sql) throws Exception {
        try (Connection conn = DriverManager.getConnection(c.jdbcUrl(), c.user(), c.password());
             Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    @Order(1)
    void firstStartInitialisesAClusterWithPostgisOnLoopback() throws Exception {
        EmbeddedPostgis.ConnectionInfo c = pg.start();
        assertTrue(Files.exists(dir.resolve("pg/PG_VERSION")));
        assertTrue(query(c, "SELECT postgis_full_version()").startsWith("POSTGIS=\"3"));
        assertEquals("127.0.0.1", query(c, "SHOW listen_addresses"));
        assertEquals("", query(c, "SHOW unix_socket_directories"));
        Properties creds = new Properties();
        try (var in = Files.newInputStream(dir.resolve("credentials.properties"))) {
            creds.load(in);
        }
        assertTrue(creds.getProperty("password").length() >= 24, "generated password");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("credentials.properties"))));
        try (Connection conn = DriverManager.getConnection(c.jdbcUrl(), c.user(), c.password()); Statement st = conn.createStatement()) {
            st.execute("CREATE TABLE kept (v text)");
            st.execute("INSERT INTO kept VALUES ('still here')");
        }
        assertThrows(java.sql.SQLException.class,
                () -> DriverManager.getConnection(c.jdbcUrl(), c.user(), "wrong-password").close());
    }

    @Test
    @Order(2)
    void aSecondCopyIsRefusedClearly() {
        EmbeddedPostgis second = launcher();
        EmbeddedPostgis.AlreadyRunningException e = assertThrows(EmbeddedPostgis.AlreadyRunningException.class, second::start);
        assertTrue(e.getMessage().contains("already using the database"), e.getMessage());
        assertTrue(e.getMessage().contains(Long.toString(ProcessHandle.current().pid())), e.getMessage());
    }

    @Test
    @Order(3)
    void stopThenRestartKeepsTheData() throws Exception {
        pg.close();
        assertFalse(pg.isRunning());
        assertFalse(Files.exists(dir.resolve("pg/postmaster.pid")));
        EmbeddedPostgis.ConnectionInfo c = pg.start();
        assertEquals("still here", query(c, "SELECT v FROM kept"));
    }

    @Test
    @Order(4)
    void aStalePostmasterPidFromACrashIsRemoved() throws Exception {
        pg.close();
        Path pid = dir.resolve("pg/postmaster.pid");
        // A crash leaves the file behind, naming a pid that is now some other process (here: ourselves).
        Files.writeString(pid, ProcessHandle.current().pid() + "\n" + dir.resolve("pg") + "\n1700000000\n5432\n\n127.0.0.1\n  5432001  0\nready\n");
        EmbeddedPostgis.ConnectionInfo c = pg.start();
        assertEquals("still here", query(c, "SELECT v FROM kept"));
        assertNotEquals(Long.toString(ProcessHandle.current().pid()), Files.readAllLines(pid).get(0));
    }

    @Test
    @Order(5)
    void anOrphanedPostmasterLeftByACrashedLauncherIsTakenOver() throws Exception {
        long orphan = Long.parseLong(Files.readAllLines(dir.resolve("pg/postmaster.pid")).get(0).trim());
        pg.abandon();
        pg = launcher();
        EmbeddedPostgis.ConnectionInfo c = pg.start();
        assertEquals("still here", query(c, "SELECT v FROM kept"));
        assertFalse(runs(orphan), "the orphan was stopped");
        assertNotEquals(Long.toString(orphan), Files.readAllLines(dir.resolve("pg/postmaster.pid")).get(0).trim());
    }

    /** Alive and not a zombie (an orphan reparented to a PID 1 that does not reap stays a zombie). */
    static boolean runs(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
