package cn.yiwang.patrol;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/** Helpers of the patrol tests: SQL probes and a raw HTTP/1.1 exchange (requests exactly as a phone writes them). */
public final class PatrolFixtures {

    /** A micro grid's point on surface: inside that grid. */
    public record Spot(String micro, double lon, double lat) {
    }

    private PatrolFixtures() {
    }

    public static String single(DataSource ds, String sql, Object... args) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Every row of a query, columns as strings. */
    public static List<List<String>> rows(DataSource ds, String sql, Object... args) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        row.add(rs.getString(i));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    public static Spot spot(DataSource ds, String prefix, int n) throws SQLException {
        List<List<String>> r = rows(ds, "SELECT code, ST_X(p), ST_Y(p) FROM (SELECT code, ST_PointOnSurface(geom) p FROM grid_current"
                + " WHERE level = 'micro' AND code LIKE ? ORDER BY code OFFSET ? LIMIT 1) s", prefix + "%", n);
        if (r.isEmpty()) {
            throw new AssertionError("no micro grid " + n + " under " + prefix);
        }
        return new Spot(r.get(0).get(0), Double.parseDouble(r.get(0).get(1)), Double.parseDouble(r.get(0).get(2)));
    }

    /** Sends {@code request} (with {@code \r\n} line ends, as given) on a new socket; returns the status code. */
    public static int raw(URI base, String request) throws Exception {
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            int ch;
            while ((ch = in.read()) != -1 && ch != '\n') {
                line.append((char) ch);
            }
            String[] parts = line.toString().split(" ");
            return Integer.parseInt(parts[1]);
        }
    }
}
