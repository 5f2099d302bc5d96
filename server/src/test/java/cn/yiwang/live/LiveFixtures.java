package cn.yiwang.live;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

import javax.sql.DataSource;

import cn.yiwang.testing.Http;

/** Points in chosen grids and case bodies, for the live tests. */
final class LiveFixtures {

    /** A point inside the n-th micro grid (by code) whose code starts with {@code prefix}, with that grid's code. */
    record Spot(String micro, double lon, double lat) {
    }

    private LiveFixtures() {
    }

    static Spot spot(DataSource ds, String prefix, int n) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT code, ST_X(p), ST_Y(p) FROM (SELECT code, ST_PointOnSurface(geom) p FROM grid_current"
                     + " WHERE level = 'micro' AND code LIKE ? ORDER BY code OFFSET ? LIMIT 1) s")) {
            ps.setString(1, prefix + "%");
            ps.setInt(2, n);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new AssertionError("no micro grid " + n + " under " + prefix);
                }
                return new Spot(rs.getString(1), rs.getDouble(2), rs.getDouble(3));
            }
        }
    }

    static String single(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Creates a 12345 hotline case with a reporter at the spot; returns the created case's JSON. */
    static java.util.Map<String, Object> createCase(Http http, String token, Spot s, String category) {
        String body = String.format(Locale.ROOT, """
                {"category":"%s","title":"实时推送测试","description":"现场情况描述","source":"hotline_12345",
                 "location":{"lon":%.8f,"lat":%.8f,"crs":"wgs84","accuracy":5,"floor":12},
                 "reporter":{"name":"王小明","phone":"13812345678"}}""", category, s.lon(), s.lat());
        Http.Response r = http.postJson("/api/cases", body, token);
        if (r.status() != 201) {
            throw new AssertionError("case not created: " + r.status() + " " + r.body());
        }
        return r.map();
    }
}
