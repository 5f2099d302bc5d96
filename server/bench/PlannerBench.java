import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.operation.linemerge.LineMerger;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.locationtech.jts.triangulate.VoronoiDiagramBuilder;

import cn.yiwang.planner.DraftChild;
import cn.yiwang.planner.GridDraftValidator;

/**
 * Planner figures. (1) Validation of a draft with 500 siblings: a Voronoi tessellation of 500
 * random points clipped to a 2.5 km square (irregular shapes, shared vertices), validated in
 * process by GridDraftValidator; p50/max over 30 timed runs after 10 warm-ups. (2) A commit on the
 * city-scale cluster: a draft on the Erqi community (l2) with nearest to 32 micro grids,
 * opened with level=micro; shared edges of disjoint neighbouring pairs are reshaped over HTTP until
 * about 30 micro grids changed; then POST …/commit is timed (validation, versions, PostGIS check,
 * building re-link, index rebuild, re-routing of open cases, tile invalidation). Single-file program:
 *
 *   java -cp "server/target/yiwang-server-0.1.0-SNAPSHOT.jar:server/target/lib/*" server/bench/PlannerBench.java \
 *        JDBC_URL USER PASSWORD BASE_URL TOKEN [ROUNDS]      (no arguments: the validation figure only)
 */
public class PlannerBench {

    static final GeometryFactory F = new GeometryFactory(new org.locationtech.jts.geom.PrecisionModel(), 4326);

    public static void main(String[] a) throws Exception {
        validation();
        if (a.length == 0) {
            return;
        }
        int rounds = a.length > 5 ? Integer.parseInt(a[5]) : 3;
        try (Connection c = DriverManager.getConnection(a[0], a[1], a[2])) {
            for (int r = 0; r < rounds; r++) {
                commit(c, a[3], a[4], r);
            }
        }
    }

    static void validation() {
        SplittableRandom random = new SplittableRandom(500);
        double x0 = 113.64, y0 = 34.74, side = 0.027;
        Polygon parent = F.createPolygon(new Coordinate[] {new Coordinate(x0, y0), new Coordinate(x0 + side, y0),
            new Coordinate(x0 + side, y0 + side), new Coordinate(x0, y0 + side), new Coordinate(x0, y0)});
        List<Coordinate> sites = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            sites.add(new Coordinate(x0 + random.nextDouble() * side, y0 + random.nextDouble() * side));
        }
        VoronoiDiagramBuilder vb = new VoronoiDiagramBuilder();
        vb.setSites(sites);
        vb.setClipEnvelope(parent.getEnvelopeInternal());
        Geometry cells = vb.getDiagram(F);
        String parentCode = "410103001004001";
        List<DraftChild> children = new ArrayList<>();
        int vertices = 0;
        for (int i = 0; i < cells.getNumGeometries(); i++) {
            Geometry cell = OverlayNGRobust.overlay(cells.getGeometryN(i), parent, OverlayNG.INTERSECTION);
            vertices += cell.getNumPoints();
            children.add(new DraftChild(parentCode + String.format("%03d", i + 1), "网格" + (i + 1), null, parentCode, cell));
        }
        GridDraftValidator v = new GridDraftValidator(new GridDraftValidator.Rules(0.01, 20, 70, 1));
        Map<String, Geometry> parents = Map.of(parentCode, parent);
        for (int i = 0; i < 10; i++) {
            v.validate(parent, parents, children, Map.of());
        }
        double[] ms = new double[30];
        int problems = 0;
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            problems = v.validate(parent, parents, children, Map.of()).size();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "  validation, %d siblings (%d vertices, Voronoi in a 2.5 km square): p50 %.1f ms, max %.1f ms, %d problems%n",
                children.size(), vertices, ms[ms.length / 2], ms[ms.length - 1], problems);
    }

    static void commit(Connection c, String base, String token, int round) throws Exception {
        String community;
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT left(code, 12) FROM grid_current WHERE level = 'micro' AND code LIKE '410103%'
                GROUP BY 1 ORDER BY abs(count(*) - 32), 1 LIMIT 1""");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            community = rs.getString(1);
        }
        int version;
        try (PreparedStatement ps = c.prepareStatement("SELECT max(version) FROM grid WHERE level = 'micro' AND code LIKE ?")) {
            ps.setString(1, community + "%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                version = rs.getInt(1);
            }
        }
        Map<String, Geometry> micro = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT code, ST_AsBinary(geom) FROM grid_current WHERE level = 'micro' AND code LIKE ? ORDER BY code")) {
            ps.setString(1, community + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Geometry g = new WKBReader(F).read(rs.getBytes(2));
                    micro.put(rs.getString(1), g.getNumGeometries() == 1 ? g.getGeometryN(0) : g);
                }
            }
        }
        HttpClient http = HttpClient.newHttpClient();
        String draft = send(http, base, token, "POST", "/api/planner/drafts", "{\"parent\":\"" + community + "\",\"level\":\"micro\"}");
        String id = find(draft, "\"id\"\\s*:\\s*(\\d+)");
        Set<String> used = new HashSet<>();
        List<String> codes = new ArrayList<>(micro.keySet());
        long editMs = 0;
        int edits = 0;
        for (int i = 0; i < codes.size() && used.size() < 30; i++) {
            for (int j = i + 1; j < codes.size() && !used.contains(codes.get(i)); j++) {
                String ca = codes.get(i), cb = codes.get(j);
                if (used.contains(cb) || !(micro.get(ca) instanceof Polygon pa) || !(micro.get(cb) instanceof Polygon pb)
                        || !pa.getEnvelopeInternal().intersects(pb.getEnvelopeInternal())) {
                    continue;
                }
                LineMerger m = new LineMerger();
                m.add(OverlayNGRobust.overlay(pa.getBoundary(), pb.getBoundary(), OverlayNG.INTERSECTION));
                if (m.getMergedLineStrings().size() != 1) {
                    continue;
                }
                LineString shared = (LineString) m.getMergedLineStrings().iterator().next();
                Coordinate s0 = shared.getCoordinateN(0), s1 = shared.getCoordinateN(shared.getNumPoints() - 1);
                // Alternate the bulge with each committed version, so every commit changes the boundaries.
                double t = version % 2 == 1 ? 0.08 : -0.08;
                Coordinate mid = new Coordinate((s0.x + s1.x) / 2 - (s1.y - s0.y) * t, (s0.y + s1.y) / 2 + (s1.x - s0.x) * t);
                String body = String.format(Locale.ROOT, "{\"a\":\"%s\",\"b\":\"%s\",\"newEdge\":{\"type\":\"LineString\",\"coordinates\":"
                        + "[[%.12f,%.12f],[%.12f,%.12f],[%.12f,%.12f]]}}", ca, cb, s0.x, s0.y, mid.x, mid.y, s1.x, s1.y);
                long t0 = System.nanoTime();
                HttpResponse<String> res = post(http, base, token, "/api/planner/drafts/" + id + "/reshape", body);
                editMs += (System.nanoTime() - t0) / 1_000_000;
                edits++;
                if (res.statusCode() != 200 && refusals++ == 0) {
                    System.out.println("  (a reshape refused: " + res.body().substring(0, Math.min(300, res.body().length())) + ")");
                }
                if (res.statusCode() == 200) {
                    used.add(ca);
                    used.add(cb);
                }
            }
        }
        if (used.isEmpty()) {
            long polygons = micro.values().stream().filter(g -> g instanceof Polygon).count();
            System.out.println("  no reshape applied: " + micro.size() + " micro grids (" + polygons + " single polygons), " + edits + " tried");
        }
        long t0 = System.nanoTime();
        String result = send(http, base, token, "POST", "/api/planner/drafts/" + id + "/commit",
                "{\"reason\":\"bench: re-cut of community " + community + "\",\"override\":true}");
        double wall = (System.nanoTime() - t0) / 1e6;
        System.out.printf(Locale.ROOT, "  commit %d: community %s (%d micro grids), %d changed by %d reshapes (%.0f ms each): %.0f ms wall, "
                + "server %s ms, %d buildings and %d open cases moved%n", round + 1, community, micro.size(), used.size(), edits,
                edits == 0 ? 0.0 : (double) editMs / edits, wall, find(result, "\"millis\"\\s*:\\s*(\\d+)"),
                count(result, "buildings"), count(result, "openCases"));
    }

    static int count(String json, String member) {
        Matcher m = Pattern.compile("\"" + member + "\"\\s*:\\s*\\[(.*?)\\]").matcher(json);
        if (!m.find() || m.group(1).isBlank()) {
            return 0;
        }
        return m.group(1).split("\\},\\s*\\{").length;
    }

    static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + regex + " in " + text.substring(0, Math.min(400, text.length())));
        }
        return m.group(1);
    }

    static String send(HttpClient http, String base, String token, String method, String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " → " + r.statusCode() + " " + r.body().substring(0, Math.min(600, r.body().length())));
        }
        return r.body();
    }

    static int refusals;

    static HttpResponse<String> post(HttpClient http, String base, String token, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
