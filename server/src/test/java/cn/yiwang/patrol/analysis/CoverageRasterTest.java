package cn.yiwang.patrol.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;

/** The raster's scanline fill against JTS's exact areas, and stamping against an exact buffer. */
class CoverageRasterTest {

    private static Geometry metric(String wkt) {
        Geometry g = Tracks.wkt(wkt);
        g.setSRID(0);
        return g;
    }

    @Test
    void insideAreaOfAnIrregularPolygonWithAHoleMatchesJts() {
        Geometry g = metric("POLYGON ((0 0, 410 30, 380 260, 170 330, -20 210, 0 0), (120 100, 220 110, 200 190, 110 170, 120 100))");
        CoverageRaster r = new CoverageRaster(g, List.of(), 5);
        assertEquals(g.getArea(), r.insideAreaSquareMeters(), g.getArea() * 0.01);
    }

    @Test
    void stampedSegmentCoversWhatItsExactBufferCovers() {
        Geometry g = metric("POLYGON ((0 0, 400 0, 400 400, 0 400, 0 0))");
        CoverageRaster r = new CoverageRaster(g, List.of(), 2);
        CoverageRaster.Stamp s = r.newStamp();
        s.segment(50, 80, 330, 260, 30);
        Geometry exact = metric("LINESTRING (50 80, 330 260)").buffer(30, 32).intersection(g);
        assertEquals(exact.getArea() / g.getArea(), s.coveredShare(), 0.005);
    }

    @Test
    void cellsOfEachMicroGridAreTheirOwn() {
        Geometry g = metric("POLYGON ((0 0, 200 0, 200 100, 0 100, 0 0))");
        CoverageRaster r = new CoverageRaster(g, List.of(metric("POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0))"),
                metric("POLYGON ((100 0, 200 0, 200 100, 100 100, 100 0))")), 5);
        CoverageRaster.Stamp s = r.newStamp();
        s.point(150, 50, 20);
        assertEquals(false, s.microsTouched()[0]);
        assertEquals(true, s.microsTouched()[1]);
    }

    @Test
    void nonPositiveCellIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CoverageRaster(metric("POLYGON ((0 0, 1 0, 1 1, 0 0))"), List.of(), 0));
    }
}
