package cn.yiwang.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;

class DistrictBoundaryFinderTest {

    /** Two districts side by side at 34.7°N, sharing the border x = 113.6; 1e-3° of latitude ≈ 111 m. */
    static final Map<String, Geometry> DISTRICTS = Map.of(
            "410102", GridIndexTest.wkt("POLYGON((113.5 34.6, 113.6 34.6, 113.6 34.8, 113.5 34.8, 113.5 34.6))"),
            "410103", GridIndexTest.wkt("POLYGON((113.6 34.6, 113.7 34.6, 113.7 34.8, 113.6 34.8, 113.6 34.6))"));

    static double lonMeters(double meters) {
        return lonMeters(meters, 34.7);
    }

    static double lonMeters(double meters, double lat) {
        return meters / (PolygonSet.METERS_PER_DEGREE * Math.cos(Math.toRadians(lat)));
    }

    @Test
    void pointNearASharedBorderNamesBothDistricts() {
        DistrictBoundaryFinder finder = new DistrictBoundaryFinder(DISTRICTS, 30);
        DistrictBoundaryFinder.Near near = finder.near(113.6 + lonMeters(12), 34.7);
        assertEquals(12, near.meters(), 1e-6);
        assertEquals(List.of("410102", "410103"), near.districts());
    }

    @Test
    void pointNearTheOuterOutlineNamesOneDistrict() {
        DistrictBoundaryFinder finder = new DistrictBoundaryFinder(DISTRICTS, 30);
        DistrictBoundaryFinder.Near near = finder.near(113.7 - lonMeters(25), 34.7);
        assertEquals(25, near.meters(), 1e-6);
        assertEquals(List.of("410103"), near.districts());
        assertEquals(List.of("410103"), finder.near(113.7 + lonMeters(5), 34.7).districts(), "just outside counts too");
    }

    @Test
    void pointBeyondTheReachIsNotNear() {
        DistrictBoundaryFinder finder = new DistrictBoundaryFinder(DISTRICTS, 30);
        assertNull(finder.near(113.6 + lonMeters(31), 34.7));
        assertNull(finder.near(113.65, 34.7));
        assertNull(finder.near(Double.NaN, 34.7));
        assertNull(finder.near(120, 30));
        assertEquals(31, new DistrictBoundaryFinder(DISTRICTS, 50).near(113.6 + lonMeters(31), 34.7).meters(), 1e-6,
                "the reach is configurable");
    }

    @Test
    void cornerIsMeasuredToTheVertex() {
        DistrictBoundaryFinder finder = new DistrictBoundaryFinder(DISTRICTS, 30);
        double d = 10 / Math.sqrt(2);
        double lat = 34.8 + d / PolygonSet.METERS_PER_DEGREE;
        DistrictBoundaryFinder.Near near = finder.near(113.7 + lonMeters(d, lat), lat);
        assertEquals(10, near.meters(), 1e-6);
    }

    @Test
    void reachMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new DistrictBoundaryFinder(DISTRICTS, 0));
    }
}
