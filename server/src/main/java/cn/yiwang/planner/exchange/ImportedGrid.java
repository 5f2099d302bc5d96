package cn.yiwang.planner.exchange;

import org.locationtech.jts.geom.Geometry;

/**
 * One grid read from a file, after the attribute mapping: its code, name, parent code (null when the
 * file has none) and polygonal boundary in the file's CRS (before {@link CrsTransformer}); {@code where}
 * names the feature for error messages.
 */
public record ImportedGrid(String code, String name, String parentCode, Geometry geometry, String where) {

    public ImportedGrid withGeometry(Geometry g) {
        return new ImportedGrid(code, name, parentCode, g, where);
    }
}
