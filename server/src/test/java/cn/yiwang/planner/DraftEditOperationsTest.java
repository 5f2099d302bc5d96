package cn.yiwang.planner;

import static cn.yiwang.planner.GridDraftValidatorTest.child;
import static cn.yiwang.planner.GridDraftValidatorTest.g;
import static cn.yiwang.planner.GridDraftValidatorTest.halves;
import static cn.yiwang.planner.GridDraftValidatorTest.parent;
import static cn.yiwang.planner.GridDraftValidatorTest.validate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;

/** Split, merge, reshape and repair keep the coverage, or refuse. */
class DraftEditOperationsTest {

    static LineString line(String wkt) {
        return (LineString) g(wkt);
    }

    @Test
    void splitCutsAPolygonInTwoThatTileIt() {
        Geometry square = halves().get(0).geometry();
        List<Polygon> parts = PolygonSplitter.split(square, line("LINESTRING (100.4995 25.001, 100.5015 25.0012)"));
        assertEquals(2, parts.size());
        assertEquals(square.getArea(), parts.get(0).getArea() + parts.get(1).getArea(), 1e-15);
        assertTrue(parts.get(0).union(parts.get(1)).equalsTopo(square));
    }

    @Test
    void aLineThatDoesNotCrossTheGridCannotSplitIt() {
        Geometry square = halves().get(0).geometry();
        assertThrows(IllegalArgumentException.class, () -> PolygonSplitter.split(square, line("LINESTRING (100.5002 25.001, 100.5005 25.001)")));
        assertThrows(IllegalArgumentException.class, () -> PolygonSplitter.split(square, line("LINESTRING (100.6 25.001, 100.7 25.001)")));
    }

    @Test
    void theNeighbourGetsTheCutsVertexOnTheSharedEdge() {
        List<DraftChild> h = halves();
        List<Polygon> parts = PolygonSplitter.split(h.get(0).geometry(), line("LINESTRING (100.4995 25.001, 100.5015 25.0013)"));
        Geometry neighbour = SharedVertexInserter.insert(h.get(1).geometry(), SharedVertexInserter.newVertices(h.get(0).geometry(), parts), 1e-9);
        assertEquals(h.get(1).geometry().getNumPoints() + 1, neighbour.getNumPoints());
        List<DraftChild> after = List.of(h.get(0).withGeometry(parts.get(0)), h.get(1).withGeometry(neighbour),
                new DraftChild(GridDraftValidatorTest.PARENT + "003", "新", null, GridDraftValidatorTest.PARENT, parts.get(1)));
        assertEquals(List.of(), validate(after));
    }

    @Test
    void mergeNeedsASharedEdge() {
        List<DraftChild> h = halves();
        Polygon merged = GridMerger.merge(h.get(0).geometry(), h.get(1).geometry());
        assertTrue(merged.equalsTopo(parent()));
        Geometry corner = g("POLYGON ((100.502 25.002, 100.503 25.002, 100.503 25.003, 100.502 25.003, 100.502 25.002))");
        assertThrows(IllegalArgumentException.class, () -> GridMerger.merge(h.get(0).geometry(), corner));
    }

    @Test
    void reshapingASharedEdgeMovesBothNeighbours() {
        List<DraftChild> h = halves();
        Polygon[] r = SharedEdgeReshaper.reshape(h.get(0).geometry(), h.get(1).geometry(),
                line("LINESTRING (100.501 25.000001, 100.5013 25.001, 100.501 25.002)"), 1e-5);
        List<DraftChild> after = List.of(h.get(0).withGeometry(r[0]), h.get(1).withGeometry(r[1]));
        assertEquals(List.of(), validate(after));
        assertTrue(r[0].getArea() > h.get(0).geometry().getArea());
        assertEquals(h.get(0).geometry().getArea() + h.get(1).geometry().getArea(), r[0].getArea() + r[1].getArea(), 1e-15);
    }

    @Test
    void aNewEdgeMustJoinTheEndsOfTheSharedEdgeAndStayInside() {
        List<DraftChild> h = halves();
        assertThrows(IllegalArgumentException.class, () -> SharedEdgeReshaper.reshape(h.get(0).geometry(), h.get(1).geometry(),
                line("LINESTRING (100.501 25.0005, 100.5013 25.001, 100.501 25.002)"), 1e-6));
        assertThrows(IllegalArgumentException.class, () -> SharedEdgeReshaper.reshape(h.get(0).geometry(), h.get(1).geometry(),
                line("LINESTRING (100.501 25, 100.5013 24.999, 100.501 25.002)"), 1e-6));
    }

    @Test
    void repairSnapsNearlySharedVerticesAndAbsorbsSlivers() {
        // 001's east edge is 0.2 m short of 002 (a gap), and a 4 m wide sliver child sits on 002's east side.
        List<DraftChild> c = new ArrayList<>(List.of(
                child("001", "POLYGON ((100.5 25, 100.500998 25, 100.500998 25.002, 100.5 25.002, 100.5 25))"),
                child("002", "POLYGON ((100.501 25, 100.50196 25, 100.50196 25.002, 100.501 25.002, 100.501 25))"),
                child("003", "POLYGON ((100.50196 25, 100.502 25, 100.502 25.0001, 100.50196 25.0001, 100.50196 25))"),
                child("004", "POLYGON ((100.50196 25.0001, 100.502 25.0001, 100.502 25.002, 100.50196 25.002, 100.50196 25.0001))")));
        assertTrue(validate(c).stream().anyMatch(p -> p.kind() == DraftProblem.Kind.GAP));
        CoverageRepairer.Result r = CoverageRepairer.repair(parent(), Map.of(GridDraftValidatorTest.PARENT, parent()), c, 1, 100);
        assertEquals(List.of(GridDraftValidatorTest.PARENT + "003"), r.retired());
        List<DraftProblem> left = validate(r.children());
        assertEquals(List.of(), left, left.toString());
        assertEquals(3, r.children().size());
    }
}
