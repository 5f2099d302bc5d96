package cn.yiwang.planner;

import static cn.yiwang.planner.PlannerFixture.L3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.operation.linemerge.LineMerger;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

import cn.yiwang.api.ApiException;
import cn.yiwang.grid.GridRepository;
import cn.yiwang.grid.GridService;
import cn.yiwang.routing.GridIndex;
import cn.yiwang.security.AppUser;
import cn.yiwang.security.Caller;
import cn.yiwang.security.DemoUsers;
import cn.yiwang.security.PasswordHasher;
import cn.yiwang.security.Role;
import cn.yiwang.security.UserRepository;
import cn.yiwang.testing.PostgisTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/**
 * Hundreds of random splits, merges and shared-edge reshapes (seeded) on the fixture's level-3
 * grid, committed every few dozen edits: after every edit the server reports no gap, overlap or
 * escape, and after every commit PostGIS, queried independently, finds the micro grids tiling the
 * parent (symmetric difference and pairwise overlaps ≈ 0 m²), and the routing index the commit
 * derived answers like one built afresh from PostGIS.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlannerPropertyTest implements PostgisTest {

    static final Set<String> COVERAGE = Set.of("gap", "overlap", "outside-parent", "invalid-geometry", "duplicate-code", "code-not-under-parent");

    @Inject
    PlannerService service;
    @Inject
    DataSource dataSource;
    @Inject
    GridService grids;
    @Inject
    UserRepository users;
    @Inject
    PasswordHasher hasher;
    @Inject
    io.micronaut.json.JsonMapper json;
    @Inject
    GridRepository gridRepository;

    Caller admin;

    @BeforeAll
    void setUp() throws SQLException {
        users.insertIfAbsent("admin419901", hasher.hash(DemoUsers.DEMO_PASSWORD), Role.ADMIN, PlannerFixture.DISTRICT, "规划测试管理员", true);
        AppUser u = users.find("admin419901").orElseThrow();
        admin = new Caller(u.username(), u.id(), Role.ADMIN, PlannerFixture.DISTRICT, null);
        try (Connection c = dataSource.getConnection()) {
            PlannerFixture.create(c);
        }
        grids.reload();
    }

    @AfterAll
    void cleanUp() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            PlannerFixture.drop(c);
        }
        grids.reload();
    }

    @Test
    void randomValidEditsNeverLeaveAGapOrOverlapAfterCommit() throws Exception {
        SplittableRandom random = new SplittableRandom(20261123);
        int applied = 0;
        int commits = 0;
        PlannerService.DraftView view = service.open(admin, L3, null, "127.0.0.1");
        for (int attempt = 1; attempt <= 360; attempt++) {
            List<DraftChild> children = children(view);
            PlannerService.DraftView next = null;
            try {
                int n = children.size();
                int op = n > 24 ? 1 : n < 6 ? 0 : random.nextInt(3);
                DraftChild a = children.get(random.nextInt(n));
                if (op == 0) {
                    next = split(view, a, random);
                } else {
                    List<DraftChild> neighbours = neighbours(a, children);
                    if (!neighbours.isEmpty()) {
                        DraftChild b = neighbours.get(random.nextInt(neighbours.size()));
                        next = op == 1 ? service.merge(admin, view.id(), List.of(a.code(), b.code()), "127.0.0.1") : reshape(view, a, b, random);
                    }
                }
            } catch (ApiException e) {
                assertEquals(400, e.status().getCode(), e.getMessage());
            }
            if (next != null) {
                applied++;
                view = next;
                List<String> broken = view.problems().stream().map(p -> (String) p.get("kind")).filter(COVERAGE::contains).toList();
                assertEquals(List.of(), broken, "after edit " + attempt + ": " + view.problems());
            }
            if (attempt % 40 == 0) {
                PlannerService.CommitResult r = service.commit(admin, view.id(), "随机编辑 " + attempt, null, true, "127.0.0.1");
                assertTrue(r.changed().size() + r.created().size() + r.retired().size() > 0);
                commits++;
                double[] err = tilingErrorSqm();
                assertTrue(err[0] < 1.0, "after commit " + commits + " the children differ from the parent by " + err[0] + " m²");
                assertTrue(err[1] < 0.1, "after commit " + commits + " siblings overlap by " + err[1] + " m²");
                assertRoutingIndexIsAFreshBuildOfPostgis(random, "after commit " + commits);
                view = service.open(admin, L3, null, "127.0.0.1");
                assertEquals(List.of(), view.problems().stream().map(p -> (String) p.get("kind")).filter(COVERAGE::contains).toList());
            }
        }
        assertTrue(applied >= 200, "only " + applied + " of 360 random edits applied");
        assertEquals(9, commits);
    }

    /**
     * The routing index the commit swapped in (derived from the one before, only the cells around
     * the changed grids rebuilt) answers like one built afresh from what PostGIS now holds, at
     * random points over the parent and at every vertex of its micro grids.
     */
    void assertRoutingIndexIsAFreshBuildOfPostgis(SplittableRandom random, String when) {
        GridIndex live = (GridIndex) grids.catalog().locator();
        assertTrue(live.toString().contains("derived"), when + ": " + live);
        Map<String, Geometry> micro = gridRepository.geometries("micro");
        GridIndex fresh = GridIndex.build(micro, gridRepository.geometries("special"));
        assertEquals(fresh.size(), live.size(), when);
        List<double[]> points = new ArrayList<>();
        Envelope box = new Envelope();
        micro.forEach((code, g) -> {
            if (code.startsWith(L3)) {
                box.expandToInclude(g.getEnvelopeInternal());
                for (Coordinate c : g.getCoordinates()) {
                    points.add(new double[] {c.x, c.y});
                }
            }
        });
        box.expandBy(0.002);
        for (int i = 0; i < 3000; i++) {
            points.add(new double[] {box.getMinX() + random.nextDouble() * box.getWidth(), box.getMinY() + random.nextDouble() * box.getHeight()});
        }
        for (double[] p : points) {
            String at = when + " at " + p[0] + "," + p[1];
            int id = fresh.locateOrSnap(p[0], p[1], 200);
            assertEquals(id, live.locateOrSnap(p[0], p[1], 200), at);
            assertEquals(id < 0 ? null : fresh.code(id), id < 0 ? null : live.code(id), at);
            assertEquals(fresh.locateSpecial(p[0], p[1]), live.locateSpecial(p[0], p[1]), at);
        }
    }

    PlannerService.DraftView split(PlannerService.DraftView view, DraftChild a, SplittableRandom random) {
        Point p = a.geometry().getInteriorPoint();
        double angle = random.nextDouble(Math.PI);
        double r = 0.01;
        String line = String.format(java.util.Locale.ROOT, "{\"type\":\"LineString\",\"coordinates\":[[%.9f,%.9f],[%.9f,%.9f]]}",
                p.getX() - r * Math.cos(angle), p.getY() - r * Math.sin(angle), p.getX() + r * Math.cos(angle), p.getY() + r * Math.sin(angle));
        return service.split(admin, view.id(), a.code(), parse(line), null, null, "127.0.0.1");
    }

    PlannerService.DraftView reshape(PlannerService.DraftView view, DraftChild a, DraftChild b, SplittableRandom random) {
        LineMerger merger = new LineMerger();
        merger.add(OverlayNGRobust.overlay(a.geometry().getBoundary(), b.geometry().getBoundary(), OverlayNG.INTERSECTION));
        @SuppressWarnings("unchecked")
        Collection<LineString> lines = merger.getMergedLineStrings();
        if (lines.size() != 1) {
            return null;
        }
        LineString shared = lines.iterator().next();
        Coordinate s0 = shared.getCoordinateN(0);
        Coordinate s1 = shared.getCoordinateN(shared.getNumPoints() - 1);
        double dx = s1.x - s0.x;
        double dy = s1.y - s0.y;
        double t = random.nextDouble(-0.3, 0.3);
        Coordinate mid = new Coordinate((s0.x + s1.x) / 2 - dy * t, (s0.y + s1.y) / 2 + dx * t);
        String line = String.format(java.util.Locale.ROOT, "{\"type\":\"LineString\",\"coordinates\":[[%.12f,%.12f],[%.12f,%.12f],[%.12f,%.12f]]}",
                s0.x, s0.y, mid.x, mid.y, s1.x, s1.y);
        return service.reshape(admin, view.id(), a.code(), b.code(), parse(line), "127.0.0.1");
    }

    static List<DraftChild> neighbours(DraftChild a, List<DraftChild> children) {
        List<DraftChild> out = new ArrayList<>();
        for (DraftChild b : children) {
            if (b != a && b.geometry().getEnvelopeInternal().intersects(a.geometry().getEnvelopeInternal())
                    && OverlayNGRobust.overlay(a.geometry().getBoundary(), b.geometry().getBoundary(), OverlayNG.INTERSECTION).getLength() > 0) {
                out.add(b);
            }
        }
        return out;
    }

    static List<DraftChild> children(PlannerService.DraftView view) throws DraftGeoJson.Invalid {
        return DraftGeoJson.readChildren(view.children(), "", L3, new DraftGeoJson.Limits(100_000, 100_000, 1_000_000));
    }

    Object parse(String text) {
        try {
            return json.readValue(text, Object.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    double[] tilingErrorSqm() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT ST_Area(ST_SymDifference(p.geom, (SELECT ST_Union(geom) FROM grid_current WHERE level = 'micro' AND parent_code = p.code))::geography),
                       (SELECT COALESCE(sum(ST_Area(ST_Intersection(a.geom, b.geom)::geography)), 0) FROM grid_current a JOIN grid_current b
                          ON a.parent_code = b.parent_code AND a.code < b.code AND a.geom && b.geom AND ST_Relate(a.geom, b.geom, '2********')
                        WHERE a.parent_code = p.code AND a.level = 'micro' AND b.level = 'micro')
                FROM grid_current p WHERE p.code = ?""")) {
            ps.setString(1, L3);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new double[] {rs.getDouble(1), rs.getDouble(2)};
            }
        }
    }

}
