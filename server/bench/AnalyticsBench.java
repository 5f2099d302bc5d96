import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The analytics API over the city-scale cases, one request at a time through HTTP (the way an
 * analyst's page asks): a drawn polygon about 2 km across at random places of the urban core over
 * one year (totals only, then totals + groups by category + the first 100 cases), a district
 * grouped by micro grid over one year, H3 hot spots of a district over one month, recurring
 * problems and rising categories of a district; for the polygon also PostGIS alone counting the
 * same cases (the floor). Prints p50/p99 and the size of the answers. Single-file program:
 *
 *   java -cp "server/target/yiwang-server-0.1.0-SNAPSHOT.jar:server/target/lib/*" server/bench/AnalyticsBench.java \
 *        BASE_URL TOKEN DISTRICT JDBC_URL USER PASSWORD
 */
public class AnalyticsBench {

    static final double MIN_LON = 113.57, MIN_LAT = 34.71, MAX_LON = 113.78, MAX_LAT = 34.84;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static String baseUrl;
    static String token;

    public static void main(String[] a) throws Exception {
        baseUrl = a[0];
        token = a[1];
        String district = a[2];
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String year = "\"time\":{\"field\":\"reported\",\"from\":\"" + now.minus(365, ChronoUnit.DAYS) + "\",\"to\":\"" + now + "\"}";
        String month = "\"time\":{\"field\":\"reported\",\"from\":\"" + now.minus(30, ChronoUnit.DAYS) + "\",\"to\":\"" + now + "\"}";
        String quarter = "\"time\":{\"field\":\"reported\",\"from\":\"" + now.minus(91, ChronoUnit.DAYS) + "\",\"to\":\"" + now + "\"}";
        SplittableRandom random = new SplittableRandom(20261123);
        int n = 60;
        String[] polygons = new String[n];
        double[][] centres = new double[n][];
        for (int i = 0; i < n; i++) {
            centres[i] = new double[] {random.nextDouble(MIN_LON, MAX_LON), random.nextDouble(MIN_LAT, MAX_LAT)};
            polygons[i] = polygon(centres[i][0], centres[i][1], 1000, random);
        }
        String district1 = "{\"area\":{\"type\":\"district\",\"code\":\"" + district + "\"},";

        try (Connection c = DriverManager.getConnection(a[3], a[4], a[5]);
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM case_record WHERE ST_Intersects(geom, ST_GeomFromGeoJSON(?::text))"
                     + " AND created_at >= ?::timestamptz AND created_at < ?::timestamptz")) {
            double[] ms = new double[n];
            long found = 0;
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < n; i++) {
                    ps.setString(1, polygons[i]);
                    ps.setString(2, now.minus(365, ChronoUnit.DAYS).toString());
                    ps.setString(3, now.toString());
                    long t0 = System.nanoTime();
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        found += round == 1 ? rs.getLong(1) : 0;
                    }
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
            report("PostGIS alone: count in a 2 km polygon, 1 year (JDBC)", ms, "cases/polygon " + found / n);
        }
        measure("polygon 2 km, 1 year: totals", n, i -> "{\"area\":{\"type\":\"polygon\",\"geometry\":" + polygons[i] + "}," + year + ",\"limit\":0}", "query");
        measure("polygon 2 km, 1 year: totals + by category + 100 cases", n,
                i -> "{\"area\":{\"type\":\"polygon\",\"geometry\":" + polygons[i] + "}," + year + ",\"groupBy\":\"category\",\"limit\":100}", "query");
        measure("buffer 500 m around a point, 1 year: totals + by month", n, i -> String.format(Locale.ROOT,
                "{\"area\":{\"type\":\"buffer\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[%.6f,%.6f]},\"meters\":500},%s,"
                        + "\"groupBy\":\"month\",\"limit\":0}", centres[i][0], centres[i][1], year), "query");
        measure("district " + district + ", 1 year, grouped by micro grid", 10, i -> district1 + year + ",\"groupBy\":\"micro\",\"limit\":0}", "query");
        measure("district " + district + ", 1 month, H3 hot spots (resolution 9)", 10, i -> district1 + month + ",\"resolution\":9}", "hotspots");
        measure("district " + district + ", 3 months, recurring (50 m, 5 cases)", 5, i -> district1 + quarter + ",\"radiusMeters\":50,\"minCases\":5}", "recurring");
        measure("district " + district + ", rising categories (16 weeks)", 5, i -> district1 + "\"minCases\":5}", "rising");
    }

    interface Body {
        String of(int i);
    }

    static void measure(String label, int n, Body body, String endpoint) throws Exception {
        double[] ms = new double[n];
        long bytes = 0;
        for (int round = 0; round < 2; round++) { // round 0 warms up
            for (int i = 0; i < n; i++) {
                HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + "/api/analytics/cases/" + endpoint))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.of(i))).build();
                long t0 = System.nanoTime();
                HttpResponse<byte[]> r = HTTP.send(req, HttpResponse.BodyHandlers.ofByteArray());
                ms[i] = (System.nanoTime() - t0) / 1e6;
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(label + ": " + r.statusCode() + " " + new String(r.body()));
                }
                bytes += round == 1 ? r.body().length : 0;
            }
        }
        report(label, ms, "answer " + bytes / n / 1024 + " KiB");
    }

    static void report(String label, double[] ms, String extra) {
        double[] s = ms.clone();
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "  %-62s p50 %8.1f ms   p99 %8.1f ms   (%d requests, %s)%n", label, s[s.length / 2],
                s[Math.min(s.length - 1, (int) Math.ceil(s.length * 0.99) - 1)], s.length, extra);
    }

    /** A random 12-gon of about {@code radiusMeters} around a centre, as GeoJSON. */
    static String polygon(double lon, double lat, double radiusMeters, SplittableRandom random) {
        StringBuilder sb = new StringBuilder("{\"type\":\"Polygon\",\"coordinates\":[[");
        String first = null;
        for (int k = 0; k < 12; k++) {
            double angle = 2 * Math.PI * k / 12;
            double r = radiusMeters * random.nextDouble(0.8, 1.1);
            String point = String.format(Locale.ROOT, "[%.6f,%.6f]", lon + r * Math.cos(angle) / (111_320.0 * Math.cos(Math.toRadians(lat))),
                    lat + r * Math.sin(angle) / 111_320.0);
            first = first == null ? point : first;
            sb.append(point).append(',');
        }
        return sb.append(first).append("]]}").toString();
    }
}
