package cn.yiwang.layers;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import cn.yiwang.layers.LayerDefinition.Attribute;
import cn.yiwang.layers.LayerDefinition.Extrusion;
import cn.yiwang.layers.LayerDefinition.FillBy;
import cn.yiwang.layers.LayerDefinition.GeometryType;
import cn.yiwang.layers.LayerDefinition.Simplification;
import cn.yiwang.layers.LayerDefinition.Style;
import cn.yiwang.layers.LayerDefinition.Title;

/**
 * Every map layer, in drawing order (bottom first). Adding a layer (cases, patrol tracks) is one
 * entry here; when it is public its paths also go into {@code PublicGridReadRule}.
 *
 * <p>Zooms: a layer starts where its features become a few pixels wide — the district, level-1,
 * level-2 and special grids from zoom 0 (the console draws them at every zoom), level-3 grids from
 * 12, micro grids from 13, buildings from 14 — which keeps every tile of 二七区 well under
 * 250 KB. Grid outlines are simplified by half a pixel (8 of 4096 tile units) below zoom 14, where
 * an imported survey boundary has far more vertices than pixels; from 14 on {@code ST_AsMVTGeom}'s
 * snapping alone is exact enough and cheaper. Immutable; thread-safe.
 */
public final class LayerRegistry {

    /** Prefix of the grid layers: {@code grids-} + the level key ({@code grids-micro}). */
    public static final String GRID_LAYER_PREFIX = "grids-";
    public static final String BUILDINGS = "buildings";

    private static final int GRID_SIMPLIFY_BELOW_ZOOM = 14;
    private static final double GRID_SIMPLIFY_TILE_UNITS = 8;
    private static final int MAX_ZOOM = 18;

    private static final List<Attribute> GRID_ATTRIBUTES = List.of(
            Attribute.string("code", "grid code (网格编码)"),
            Attribute.string("name", "grid name (网格名称)"),
            Attribute.string("level", "grid level: district, l1, l2, l3, micro, special"),
            Attribute.string("parentCode", "code of the parent grid"));

    private static final List<Attribute> BUILDING_ATTRIBUTES = List.of(
            Attribute.string("id", "building id"),
            Attribute.string("use", "residential, commercial, public, industrial or other"),
            Attribute.number("floors", "number of floors above ground"),
            Attribute.number("height_m", "height above ground in metres"),
            Attribute.number("households", "number of households"),
            Attribute.string("micro_code", "code of the micro grid holding the building"));

    private static final String BUILDINGS_SQL = "SELECT geom, id, use, floors, height_m, households, micro_code FROM building";

    /** Every layer, in drawing order. */
    public static final List<LayerDefinition> ALL = List.of(
            grids("district", "区", "District", 0,
                    new Style("#8e1b1b", 4, "rgba(255, 255, 255, 0.92)", null, null)),
            grids("l1", "一级网格（街道、镇）", "Level-1 grids (street offices and towns)", 0,
                    new Style("#c0392b", 2.5, "rgba(192, 57, 43, 0.03)", null, null)),
            grids("l2", "二级网格（社区、村）", "Level-2 grids (communities and villages)", 0,
                    new Style("#1f6fb2", 1.2, "rgba(31, 111, 178, 0.02)", null, null)),
            grids("l3", "三级网格", "Level-3 grids", 12,
                    new Style("#2e8b57", 1, "rgba(46, 139, 87, 0.02)", null, null)),
            grids("micro", "微网格", "Micro grids", 13,
                    new Style("#7d7d7d", 0.7, "rgba(125, 125, 125, 0.02)", null, null)),
            grids("special", "专属网格", "Special grids", 0,
                    new Style("#7b1fa2", 2, "rgba(123, 31, 162, 0.10)", List.of(8, 5), null)),
            new LayerDefinition(BUILDINGS, new Title("建筑", "Buildings"), GeometryType.POLYGON, BUILDINGS_SQL,
                    14, MAX_ZOOM, BUILDING_ATTRIBUTES, "id", Simplification.NONE, true,
                    new Style("#8a6d52", 0.5, "#e8c39e", null, new FillBy("use", Map.of(
                            "residential", "#e8c39e", "commercial", "#9ec5e8", "public", "#b7dfa5",
                            "industrial", "#c9c9c9", "other", "#dddddd"))),
                    Extrusion.byHeightMeters("height_m")));

    private LayerRegistry() {
    }

    public static Optional<LayerDefinition> find(String id) {
        for (LayerDefinition layer : ALL) {
            if (layer.id().equals(id)) {
                return Optional.of(layer);
            }
        }
        return Optional.empty();
    }

    /** The layer id of a grid level key ({@code micro} → {@code grids-micro}). */
    public static String gridLayerId(String levelKey) {
        return GRID_LAYER_PREFIX + levelKey;
    }

    private static LayerDefinition grids(String level, String titleZh, String titleEn, int minZoom, Style style) {
        // The level is one of our constants, never user input.
        String sql = "SELECT geom, code, name, level, parent_code AS \"parentCode\" FROM grid_current WHERE level = '" + level + "'";
        return new LayerDefinition(gridLayerId(level), new Title(titleZh, titleEn), GeometryType.POLYGON, sql,
                minZoom, MAX_ZOOM, GRID_ATTRIBUTES, "code", Simplification.below(GRID_SIMPLIFY_BELOW_ZOOM, GRID_SIMPLIFY_TILE_UNITS),
                true, style, null);
    }
}
