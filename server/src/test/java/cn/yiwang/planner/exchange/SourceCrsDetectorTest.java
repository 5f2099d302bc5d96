package cn.yiwang.planner.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * CRS detection from EPSG codes and WKT as QGIS, ArcGIS and GeoPackages write them, and the transform of
 * Gauss-Krüger and Web Mercator coordinates to lon/lat, checked against values worked out here
 * independently of proj4j (the meridian arc integrated numerically on GRS 1980; Web Mercator in closed form).
 */
class SourceCrsDetectorTest {

    /** ArcGIS's .prj for CGCS2000 / 3-degree Gauss-Kruger CM 114E (EPSG:4547), no authority. */
    static final String PRJ_CM_114 = "PROJCS[\"CGCS2000_3_Degree_GK_CM_114E\",GEOGCS[\"GCS_China_Geodetic_Coordinate_System_2000\","
            + "DATUM[\"D_China_2000\",SPHEROID[\"CGCS2000\",6378137.0,298.257222101]],PRIMEM[\"Greenwich\",0.0],"
            + "UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Gauss_Kruger\"],PARAMETER[\"False_Easting\",500000.0],"
            + "PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\",114.0],PARAMETER[\"Scale_Factor\",1.0],"
            + "PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]";
    /** The same zone with the zone number in the false easting (EPSG:4526, zone 38). */
    static final String PRJ_ZONE_38 = PRJ_CM_114.replace("CGCS2000_3_Degree_GK_CM_114E", "CGCS2000_3_Degree_GK_Zone_38")
            .replace("\"False_Easting\",500000.0", "\"False_Easting\",38500000.0");
    /** QGIS's WKT 1 of EPSG:4548, with authorities inside (datum, ellipsoid) and outside. */
    static final String WKT_4548 = "PROJCS[\"CGCS2000 / 3-degree Gauss-Kruger CM 117E\",GEOGCS[\"China Geodetic Coordinate System 2000\","
            + "DATUM[\"China_2000\",SPHEROID[\"CGCS2000\",6378137,298.257222101,AUTHORITY[\"EPSG\",\"1024\"]],AUTHORITY[\"EPSG\",\"1043\"]],"
            + "PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433],AUTHORITY[\"EPSG\",\"4490\"]],PROJECTION[\"Transverse_Mercator\"],"
            + "PARAMETER[\"latitude_of_origin\",0],PARAMETER[\"central_meridian\",117],PARAMETER[\"scale_factor\",1],"
            + "PARAMETER[\"false_easting\",500000],PARAMETER[\"false_northing\",0],UNIT[\"metre\",1],AUTHORITY[\"EPSG\",\"4548\"]]";

    @Test
    void arcGisPrjOfAGaussKrugerZoneIsFoundByCentralMeridianAndFalseEasting() throws Exception {
        assertEquals(4547, SourceCrsDetector.fromWkt(PRJ_CM_114, ".prj", "p").epsg());
        assertEquals(4526, SourceCrsDetector.fromWkt(PRJ_ZONE_38, ".prj", "p").epsg());
        assertEquals(4546, SourceCrsDetector.fromWkt(PRJ_CM_114.replace("114", "111"), ".prj", "p").epsg());
    }

    @Test
    void wktWithAnOuterAuthorityIsFoundByIt() throws Exception {
        assertEquals(4548, SourceCrsDetector.fromWkt(WKT_4548, "gpkg", "p").epsg());
    }

    @Test
    void geographicAndWebMercatorWktAreFound() throws Exception {
        assertEquals(4490, SourceCrsDetector.fromWkt("GEOGCS[\"GCS_China_Geodetic_Coordinate_System_2000\",DATUM[\"D_China_2000\","
                + "SPHEROID[\"CGCS2000\",6378137.0,298.257222101]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]", "p", "p").epsg());
        assertEquals(4326, SourceCrsDetector.fromWkt("GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],"
                + "PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]", "p", "p").epsg());
        assertEquals(3857, SourceCrsDetector.fromWkt("PROJCS[\"WGS_1984_Web_Mercator_Auxiliary_Sphere\",GEOGCS[\"GCS_WGS_1984\"],"
                + "PROJECTION[\"Mercator_Auxiliary_Sphere\"]]", "p", "p").epsg());
    }

    @Test
    void namesAndCodesAreReadAndUnsupportedOnesRefusedWithWhere() throws Exception {
        assertEquals(4547, SourceCrsDetector.fromName("urn:ogc:def:crs:EPSG::4547", "s", "w").epsg());
        assertEquals(4326, SourceCrsDetector.fromName("urn:ogc:def:crs:OGC:1.3:CRS84", "s", "w").epsg());
        assertEquals(3857, SourceCrsDetector.fromName("EPSG:900913", "s", "w").epsg());
        ImportRefusedException e = assertThrows(ImportRefusedException.class, () -> SourceCrsDetector.fromName("EPSG:2385", "s", "crs"));
        assertEquals("crs", e.where());
        assertTrue(e.getMessage().contains("2385"), e.getMessage());
        assertThrows(ImportRefusedException.class, () -> SourceCrsDetector.fromWkt(PRJ_CM_114.replace("\"Central_Meridian\",114.0",
                "\"Central_Meridian\",114.5"), "p", "p"));
    }

    @Test
    void aPointOnTheCentralMeridianComesBackFromItsMeridianArc() {
        double lat = 34.75;
        double northing = meridianArcGrs80(Math.toRadians(lat));
        for (SourceCrs crs : new SourceCrs[] {new SourceCrs(4547, "t"), new SourceCrs(4526, "t")}) {
            Geometry p = new GeometryFactory().createPoint(new Coordinate(crs.falseEastingMeters(), northing));
            Coordinate ll = new CrsTransformer(crs).toLonLat(p).getCoordinate();
            assertEquals(114.0, ll.x, 1e-9, crs.toString());
            assertEquals(lat, ll.y, 1e-8, crs.toString());
        }
    }

    @Test
    void zoneAndCentralMeridianVariantsDifferOnlyByTheZonePrefix() {
        GeometryFactory f = new GeometryFactory();
        Coordinate a = new CrsTransformer(new SourceCrs(4547, "t")).toLonLat(f.createPoint(new Coordinate(440_123.4, 3_846_000))).getCoordinate();
        Coordinate b = new CrsTransformer(new SourceCrs(4526, "t")).toLonLat(f.createPoint(new Coordinate(38_440_123.4, 3_846_000))).getCoordinate();
        assertEquals(a.x, b.x, 1e-12);
        assertEquals(a.y, b.y, 1e-12);
        assertTrue(a.x > 113.3 && a.x < 113.4, "60 km west of 114°E at 34.7°N: " + a);
    }

    @Test
    void webMercatorIsInvertedInClosedForm() {
        double r = 6_378_137.0;
        double lat = 34.75;
        double y = r * Math.log(Math.tan(Math.PI / 4 + Math.toRadians(lat) / 2));
        Coordinate ll = new CrsTransformer(new SourceCrs(3857, "t")).toLonLat(new GeometryFactory().createPoint(
                new Coordinate(Math.toRadians(113.65) * r, y))).getCoordinate();
        assertEquals(113.65, ll.x, 1e-9);
        assertEquals(lat, ll.y, 1e-9);
    }

    /** Length of the meridian from the equator to {@code phi} on GRS 1980, by Simpson's rule. */
    static double meridianArcGrs80(double phi) {
        double a = 6_378_137.0;
        double f = 1 / 298.257222101;
        double e2 = f * (2 - f);
        int n = 20_000;
        double h = phi / n;
        double sum = 0;
        for (int i = 0; i <= n; i++) {
            double s = Math.sin(i * h);
            double m = a * (1 - e2) / Math.pow(1 - e2 * s * s, 1.5);
            sum += (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2) * m;
        }
        return sum * h / 3;
    }
}
