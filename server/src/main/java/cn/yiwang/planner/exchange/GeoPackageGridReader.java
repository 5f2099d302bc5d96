package cn.yiwang.planner.exchange;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;

import mil.nga.geopackage.GeoPackage;
import mil.nga.geopackage.GeoPackageManager;
import mil.nga.geopackage.features.user.FeatureDao;
import mil.nga.geopackage.features.user.FeatureResultSet;
import mil.nga.geopackage.features.user.FeatureRow;
import mil.nga.geopackage.geom.GeoPackageGeometryData;
import mil.nga.geopackage.srs.SpatialReferenceSystem;

/**
 * Reads grids from one feature table of an OGC GeoPackage (mil.nga's library over sqlite-jdbc): the
 * table named by the caller, else the only one; the CRS from its {@code gpkg_spatial_ref_sys} row
 * (organisation EPSG and code, else the WKT definition); geometries from the GeoPackage binary's WKB.
 * A geometry blob too large for {@code maxVerticesPerGrid} is refused before it is parsed.
 */
public final class GeoPackageGridReader {

    /** The layer's features, its CRS and the table read. */
    public record Layer(List<ImportedGrid> grids, SourceCrs crs, String table) {
    }

    private GeoPackageGridReader() {
    }

    /**
     * @param file    the GeoPackage, on disk (SQLite needs a file)
     * @param table   feature table to read, or null for the only one
     * @param crs     the caller's CRS, or null to take the table's
     */
    public static Layer read(File file, String table, AttributeMapping mapping, SourceCrs crs, ImportLimits limits)
            throws ImportRefusedException {
        GeoPackage gpkg;
        try {
            gpkg = GeoPackageManager.open(file, false);
        } catch (RuntimeException e) {
            throw new ImportRefusedException("file", "is not a GeoPackage (" + e.getMessage() + ")");
        }
        try (gpkg) {
            List<String> tables;
            try {
                tables = gpkg.getFeatureTables();
            } catch (RuntimeException e) {
                throw new ImportRefusedException("file", "is not a GeoPackage (" + e.getMessage() + ")");
            }
            String name = table;
            if (name == null) {
                if (tables.size() != 1) {
                    throw new ImportRefusedException("table", "the GeoPackage holds " + tables.size() + " feature tables " + tables
                            + "; name one with the table parameter");
                }
                name = tables.get(0);
            } else if (!tables.contains(name)) {
                throw new ImportRefusedException("table", "the GeoPackage has no feature table '" + name + "'; it has " + tables);
            }
            FeatureDao dao = gpkg.getFeatureDao(name);
            SourceCrs found = crs != null ? crs : crsOf(dao.getSrs(), name);
            List<ImportedGrid> grids = new ArrayList<>();
            WKBReader wkb = new WKBReader();
            long total = 0;
            // An XY vertex is 16 bytes of WKB; a blob this long cannot hold fewer than the limit.
            long maxBlobBytes = 24L * limits.maxVerticesPerGrid() + 1024;
            FeatureResultSet rows = dao.queryForAll();
            try {
                while (rows.moveToNext()) {
                    FeatureRow row = rows.getRow();
                    String at = name + "#" + row.getId();
                    if (grids.size() >= limits.maxFeatures()) {
                        throw new ImportRefusedException("file", "the table " + name + " holds more than " + limits.maxFeatures()
                                + " features; import at most that many at once");
                    }
                    GeoPackageGeometryData data = row.getGeometry();
                    if (data == null || data.isEmpty()) {
                        throw new ImportRefusedException(at, "has no geometry: every grid needs a boundary");
                    }
                    byte[] bytes = data.getWkb();
                    if (bytes.length > maxBlobBytes) {
                        throw new ImportRefusedException(at, "has a geometry of " + bytes.length + " bytes, more than "
                                + limits.maxVerticesPerGrid() + " vertices; a grid may have at most that many");
                    }
                    Geometry g;
                    try {
                        g = wkb.read(bytes);
                    } catch (ParseException e) {
                        throw new ImportRefusedException(at, "has an unreadable geometry: " + e.getMessage());
                    }
                    if (!(g instanceof Polygonal)) {
                        throw new ImportRefusedException(at, "is a " + g.getGeometryType() + "; grids are polygons");
                    }
                    if (g.getNumPoints() > limits.maxVerticesPerGrid()) {
                        throw new ImportRefusedException(at, "has " + g.getNumPoints() + " vertices; a grid may have at most "
                                + limits.maxVerticesPerGrid());
                    }
                    total += g.getNumPoints();
                    if (total > limits.maxVerticesTotal()) {
                        throw new ImportRefusedException("file", "has more than " + limits.maxVerticesTotal() + " vertices in all");
                    }
                    Map<String, Object> props = new LinkedHashMap<>();
                    for (String column : row.getColumnNames()) {
                        if (!column.equals(row.getGeometryColumnName())) {
                            props.put(column, row.getValue(column));
                        }
                    }
                    grids.add(mapping.apply(props, g, at));
                }
            } finally {
                rows.close();
            }
            return new Layer(grids, found, name);
        } catch (IOException | RuntimeException e) {
            throw new ImportRefusedException("file", "could not be read as a GeoPackage: " + e.getMessage());
        }
    }

    private static SourceCrs crsOf(SpatialReferenceSystem srs, String table) throws ImportRefusedException {
        String where = "gpkg_spatial_ref_sys of " + table;
        if (srs == null) {
            throw new ImportRefusedException("crs", "the table " + table + " names no spatial reference system; give the crs parameter");
        }
        if ("EPSG".equalsIgnoreCase(srs.getOrganization()) && srs.getOrganizationCoordsysId() > 0) {
            return SourceCrsDetector.fromEpsg((int) srs.getOrganizationCoordsysId(), "GeoPackage gpkg_spatial_ref_sys", where);
        }
        String wkt = srs.getDefinition();
        if (wkt == null || wkt.isBlank() || "undefined".equalsIgnoreCase(wkt.trim())) {
            throw new ImportRefusedException("crs", "the table " + table + " has an undefined spatial reference system; give the crs parameter");
        }
        return SourceCrsDetector.fromWkt(wkt, "GeoPackage gpkg_spatial_ref_sys WKT", where);
    }
}
