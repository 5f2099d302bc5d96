package cn.yiwang.planner.exchange;

import java.util.Locale;

import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateReferenceSystem;
import org.locationtech.proj4j.CoordinateTransform;
import org.locationtech.proj4j.CoordinateTransformFactory;
import org.locationtech.proj4j.ProjCoordinate;

/**
 * Transforms a geometry from a {@link SourceCrs} to lon/lat (EPSG:4326, x = longitude). CGCS2000 and
 * WGS 84 are taken as the same datum (they differ by centimetres, far below a grid boundary's accuracy),
 * so EPSG:4490 is passed through; Web Mercator is inverted in closed form; the Gauss-Krüger zones go
 * through proj4j's transverse Mercator on the GRS 1980 ellipsoid (CGCS2000's, to 0.1 mm). Not
 * thread-safe (proj4j's transforms keep state): one instance per import.
 */
public final class CrsTransformer {

    private static final double EARTH_RADIUS_METERS = 6_378_137.0;

    private final SourceCrs crs;
    private final CoordinateTransform gaussKruger;

    public CrsTransformer(SourceCrs crs) {
        this.crs = crs;
        if (crs.geographic() || crs.epsg() == SourceCrs.WEB_MERCATOR) {
            gaussKruger = null;
        } else {
            CRSFactory factory = new CRSFactory();
            CoordinateReferenceSystem source = factory.createFromParameters(crs.toString(), String.format(Locale.ROOT,
                    "+proj=tmerc +lat_0=0 +lon_0=%d +k=1 +x_0=%.1f +y_0=0 +ellps=GRS80 +units=m +no_defs",
                    crs.centralMeridianDegrees(), crs.falseEastingMeters()));
            CoordinateReferenceSystem target = factory.createFromParameters("EPSG:4326", "+proj=longlat +ellps=GRS80 +no_defs");
            gaussKruger = new CoordinateTransformFactory().createTransform(source, target);
        }
    }

    /** A copy of {@code g} in lon/lat (SRID 4326), or {@code g} itself when it already is. */
    public Geometry toLonLat(Geometry g) {
        if (crs.geographic()) {
            return g;
        }
        Geometry out = g.copy();
        ProjCoordinate in = new ProjCoordinate();
        ProjCoordinate result = new ProjCoordinate();
        out.apply(new CoordinateSequenceFilter() {
            @Override
            public void filter(CoordinateSequence seq, int i) {
                double x = seq.getX(i);
                double y = seq.getY(i);
                if (gaussKruger == null) {
                    seq.setOrdinate(i, 0, Math.toDegrees(x / EARTH_RADIUS_METERS));
                    seq.setOrdinate(i, 1, Math.toDegrees(Math.atan(Math.sinh(y / EARTH_RADIUS_METERS))));
                } else {
                    in.x = x;
                    in.y = y;
                    gaussKruger.transform(in, result);
                    seq.setOrdinate(i, 0, result.x);
                    seq.setOrdinate(i, 1, result.y);
                }
            }

            @Override
            public boolean isDone() {
                return false;
            }

            @Override
            public boolean isGeometryChanged() {
                return true;
            }
        });
        out.setSRID(4326);
        return out;
    }
}
