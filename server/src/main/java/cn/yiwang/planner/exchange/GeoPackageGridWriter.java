package cn.yiwang.planner.exchange;

import java.io.File;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;

import mil.nga.geopackage.BoundingBox;
import mil.nga.geopackage.GeoPackage;
import mil.nga.geopackage.GeoPackageManager;
import mil.nga.geopackage.db.GeoPackageDataType;
import mil.nga.geopackage.db.TableColumnKey;
import mil.nga.geopackage.features.columns.GeometryColumns;
import mil.nga.geopackage.features.user.FeatureColumn;
import mil.nga.geopackage.features.user.FeatureDao;
import mil.nga.geopackage.features.user.FeatureRow;
import mil.nga.geopackage.features.user.FeatureTableMetadata;
import mil.nga.geopackage.geom.GeoPackageGeometryData;
import mil.nga.geopackage.srs.SpatialReferenceSystem;
import mil.nga.sf.GeometryType;

/**
 * Writes grids to a new GeoPackage that QGIS and GDAL open: one feature table {@code grids} of
 * MultiPolygons in EPSG:4326 (registered in {@code gpkg_spatial_ref_sys}, {@code gpkg_contents} and
 * {@code gpkg_geometry_columns}, with the layer's bounding box) and the attributes {@code code},
 * {@code name}, {@code level}, {@code parentCode}, {@code version}, {@code validFrom},
 * {@code validTo}, {@code areaSqm}, which an import maps back by default. No spatial index (optional
 * in the standard; QGIS builds one when it needs it). One transaction for all rows.
 */
public final class GeoPackageGridWriter {

    public static final String TABLE = "grids";
    private static final long WGS84 = 4326;

    /** One grid to write; {@code wkb} is its geometry as (ISO or extended) WKB in lon/lat. */
    public record Row(String code, String name, String level, String parentCode, int version, String validFrom, String validTo,
                      double areaSqm, byte[] wkb) {
    }

    private GeoPackageGridWriter() {
    }

    /**
     * @param file  where to create the GeoPackage (must not exist)
     * @param bbox  minLon, minLat, maxLon, maxLat of the rows
     */
    public static void write(File file, List<Row> rows, double[] bbox) throws IOException {
        GeoPackageManager.create(file);
        try (GeoPackage gpkg = GeoPackageManager.open(file)) {
            SpatialReferenceSystem srs = gpkg.getSpatialReferenceSystemDao().getOrCreateCode("EPSG", WGS84);
            GeometryColumns geometry = new GeometryColumns();
            geometry.setId(new TableColumnKey(TABLE, "geom"));
            geometry.setGeometryType(GeometryType.MULTIPOLYGON);
            geometry.setZ((byte) 0);
            geometry.setM((byte) 0);
            geometry.setSrs(srs);
            List<FeatureColumn> columns = List.of(
                    FeatureColumn.createColumn("code", GeoPackageDataType.TEXT),
                    FeatureColumn.createColumn("name", GeoPackageDataType.TEXT),
                    FeatureColumn.createColumn("level", GeoPackageDataType.TEXT),
                    FeatureColumn.createColumn("parentCode", GeoPackageDataType.TEXT),
                    FeatureColumn.createColumn("version", GeoPackageDataType.INTEGER),
                    FeatureColumn.createColumn("validFrom", GeoPackageDataType.TEXT),
                    FeatureColumn.createColumn("validTo", GeoPackageDataType.TEXT),
                    FeatureColumn.createColumn("areaSqm", GeoPackageDataType.REAL));
            gpkg.createFeatureTable(FeatureTableMetadata.create(geometry, columns, new BoundingBox(bbox[0], bbox[1], bbox[2], bbox[3])));
            FeatureDao dao = gpkg.getFeatureDao(TABLE);
            gpkg.beginTransaction();
            boolean ok = false;
            try {
                for (Row r : rows) {
                    FeatureRow row = dao.newRow();
                    row.setValue("code", r.code());
                    row.setValue("name", r.name());
                    row.setValue("level", r.level());
                    row.setValue("parentCode", r.parentCode());
                    row.setValue("version", (long) r.version());
                    row.setValue("validFrom", r.validFrom());
                    row.setValue("validTo", r.validTo());
                    row.setValue("areaSqm", r.areaSqm());
                    row.setGeometry(GeoPackageGeometryData.createFromWkbBuildEnvelopeAndWrite(WGS84, r.wkb()));
                    dao.insert(row);
                }
                ok = true;
            } finally {
                gpkg.endTransaction(ok);
            }
        } catch (SQLException e) {
            throw new IOException("writing the GeoPackage failed: " + e.getMessage(), e);
        }
    }
}
