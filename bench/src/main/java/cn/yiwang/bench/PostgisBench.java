package cn.yiwang.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The database baseline: one PostGIS {@code ST_Contains} lookup per point (JDBC, prepared
 * statement, GiST index), one connection per thread, 1 and 2 connections. Needs the city-scale
 * cluster of {@code server/bench/routing.sh}: {@code -Dbench.jdbc=… -Dbench.user=… -Dbench.password=…}.
 * Points are drawn like {@link CityData#casePoints}: a random micro grid, a random point inside.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class PostgisBench {

    static final int POINTS = 20_000;
    static final String LOOKUP = "SELECT code FROM grid_current WHERE level = 'micro' "
            + "AND ST_Contains(geom, ST_SetSRID(ST_MakePoint(?, ?), 4326)) ORDER BY code LIMIT 1";
    static final String POINTS_SQL = "SELECT ST_X(p.geom), ST_Y(p.geom) FROM "
            + "(SELECT geom FROM grid_current WHERE level = 'micro' ORDER BY md5(code) LIMIT " + POINTS + ") g, "
            + "LATERAL ST_Dump(ST_GeneratePoints(g.geom, 1, 20261122)) p";

    double[] lons = new double[POINTS];
    double[] lats = new double[POINTS];

    static Connection connect() throws SQLException {
        String url = System.getProperty("bench.jdbc");
        if (url == null) {
            throw new IllegalStateException("-Dbench.jdbc=jdbc:postgresql://… (and bench.user, bench.password) is required");
        }
        return DriverManager.getConnection(url, System.getProperty("bench.user"), System.getProperty("bench.password"));
    }

    @Setup(Level.Trial)
    public void points() throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(POINTS_SQL); ResultSet rs = ps.executeQuery()) {
            int i = 0;
            while (rs.next() && i < POINTS) {
                lons[i] = rs.getDouble(1);
                lats[i] = rs.getDouble(2);
                i++;
            }
            if (i < POINTS) {
                throw new IllegalStateException("only " + i + " points: is the city loaded?");
            }
        }
    }

    /** One connection per benchmark thread. */
    @State(Scope.Thread)
    public static class Session {
        Connection connection;
        PreparedStatement lookup;
        int next;

        @Setup(Level.Trial)
        public void open(ThreadParams thread) throws SQLException {
            connection = connect();
            lookup = connection.prepareStatement(LOOKUP);
            next = thread.getThreadIndex() * (POINTS / 2);
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            connection.close();
        }
    }

    private String lookup(Session s) throws SQLException {
        int i = s.next;
        s.next = (i + 1) % POINTS;
        s.lookup.setDouble(1, lons[i]);
        s.lookup.setDouble(2, lats[i]);
        try (ResultSet rs = s.lookup.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Benchmark
    @Threads(1)
    public String postgis1Connection(Session s) throws SQLException {
        return lookup(s);
    }

    @Benchmark
    @Threads(2)
    public String postgis2Connections(Session s) throws SQLException {
        return lookup(s);
    }
}
