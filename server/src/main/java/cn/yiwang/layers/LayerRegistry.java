package cn.yiwang.layers;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import cn.yiwang.layers.LayerDefinition.Attribute;
import cn.yiwang.layers.LayerDefinition.AttributeType;
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
    /** Cases: not public (scoped per caller), live; clustered at low zoom (see {@code CaseTileSource}). */
    public static final String CASES = "cases";
    /** The latest position of every grid worker (patrol), scoped like the live stream's patrol topic. */
    public static final String PATROL_POSITIONS = "patrol-positions";
    /** Micro grids and buildings no stored patrol day of the last 7 days passed (view {@code patrol_blind_spot}), scoped like patrol. */
    public static final String PATROL_BLIND_SPOTS = "patrol-blind-spots";
    /** Residential compounds (小区), issue 10: name, micro grid, buildings and households; no people; staff only, by scope. */
    public static final String COMPOUNDS = "compounds";
    /** Campaign status points (作战图), issue 10: campaign and status per household or person; no people. */
    public static final String CAMPAIGN_STATUS = "campaign-status";
    /** Layers whose features change all the time. */
    private static final Set<String> LIVE = Set.of(CASES, PATROL_POSITIONS);

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

    private static final List<Attribute> CASE_ATTRIBUTES = List.of(
            Attribute.number("id", "case id (points)"),
            Attribute.string("code", "case code, e.g. EQ-20261123-000001 (points)"),
            Attribute.string("status", "workflow status (points)"),
            Attribute.string("statusGroup", "pending, working, handled, closed or void; of a cluster: the most frequent"),
            Attribute.string("category", "sub-category code (points)"),
            Attribute.string("topCategory", "top category code (points)"),
            Attribute.string("urgency", "normal, urgent or critical (points)"),
            new Attribute("overdue", AttributeType.BOOLEAN, "past its deadline (points)"),
            Attribute.number("floor", "floor number when reported (points)"),
            Attribute.number("count", "cases in the cluster (clusters)"),
            Attribute.number("pending", "of them pending (clusters)"),
            Attribute.number("working", "of them being worked on (clusters)"),
            Attribute.number("handled", "of them handled, waiting for closure (clusters)"),
            Attribute.number("closed", "of them closed (clusters)"),
            Attribute.number("void", "of them rejected or merged (clusters)"),
            Attribute.number("overdueCount", "of them overdue (clusters)"),
            Attribute.number("urgentCount", "of them urgent or critical (clusters)"));

    /**
     * The point source of the cases layer: the view without personal fields, plus the scope columns
     * (grid_code, department_code: filtered on, not written to tiles) and the cluster attributes as
     * nulls (ST_AsMVT leaves null values out).
     */
    private static final String CASES_SQL = "SELECT geom, id, code, status, status_group AS \"statusGroup\", category_code AS category,"
            + " top_category_code AS \"topCategory\", urgency, overdue, floor,"
            + " NULL::integer AS count, NULL::integer AS pending, NULL::integer AS working, NULL::integer AS handled,"
            + " NULL::integer AS closed, NULL::integer AS void, NULL::integer AS \"overdueCount\", NULL::integer AS \"urgentCount\","
            + " grid_code, department_code FROM case_layer";

    private static final List<Attribute> PATROL_POSITION_ATTRIBUTES = List.of(
            Attribute.string("worker", "username of the grid worker"),
            Attribute.string("name", "display name of the grid worker"),
            Attribute.string("grid", "micro grid the position lies in"),
            Attribute.string("ownGrid", "the level-3 grid the worker is on duty for"),
            new Attribute("insideOwnGrid", AttributeType.BOOLEAN, "the position lies in the worker's own grid"),
            Attribute.string("fixedAt", "time of the GPS fix, ISO-8601 UTC"));

    /** The latest fix per worker; grid_code (the worker's own grid) is the scope column. */
    private static final String PATROL_POSITIONS_SQL = "SELECT geom, username AS worker, display_name AS name, grid,"
            + " grid_code AS \"ownGrid\", inside_own_grid AS \"insideOwnGrid\","
            + " to_char(fixed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS \"fixedAt\","
            + " grid_code, NULL::text AS department_code FROM patrol_latest";

    private static final List<Attribute> PATROL_BLIND_SPOT_ATTRIBUTES = List.of(
            Attribute.string("fid", "kind:id, unique"),
            Attribute.string("kind", "micro (a micro grid) or building"),
            Attribute.string("id", "micro grid code or building id"),
            Attribute.string("name", "name of the micro grid, or of the building or its compound"));

    /** Blind spots; grid_code (the micro grid's code) is the scope column. */
    private static final String PATROL_BLIND_SPOTS_SQL = "SELECT geom, kind || ':' || id AS fid, kind, id, name,"
            + " grid_code, NULL::text AS department_code FROM patrol_blind_spot";

    private static final List<Attribute> COMPOUND_ATTRIBUTES = List.of(
            Attribute.number("id", "compound id"),
            Attribute.string("name", "compound name (小区名称)"),
            Attribute.string("micro_code", "code of the micro grid holding most of its households"),
            Attribute.number("buildings", "number of buildings"),
            Attribute.number("households", "number of households"));

    /** Compounds; grid_code (the micro grid) is the scope column. */
    private static final String COMPOUNDS_SQL = "SELECT geom, id, name, micro_code, building_count AS buildings, households,"
            + " grid_code, department_code FROM compound_layer";

    private static final List<Attribute> CAMPAIGN_STATUS_ATTRIBUTES = List.of(
            Attribute.string("campaign", "campaign code, e.g. epidemic"),
            Attribute.string("status", "status code of the campaign, e.g. home_isolation"),
            Attribute.string("grid", "micro grid of the household or person"));

    /** Status points; grid_code (the micro grid) is the scope column; the subject's id is not in tiles. */
    private static final String CAMPAIGN_STATUS_SQL = "SELECT geom, campaign_code AS campaign, status, micro_code AS grid,"
            + " micro_code AS grid_code, NULL::text AS department_code FROM campaign_status";
    /** City components (部件), one layer per kind: {@code components-camera} … ({@code ComponentKind#layerId()}). */
    public static final String COMPONENT_LAYER_PREFIX = "components-";
    /** Shops, services, social organisations and companies. */
    public static final String SERVICE_POINTS = "service-points";
    /** Party organisations from the district committee down to the compound party groups. */
    public static final String PARTY_ORGS = "party-orgs";
    /** The layers scoped by the grid_code column of their source ({@code cn.yiwang.party.PartyLayerScopes}). */
    public static final List<String> GRID_SCOPED = List.of(COMPONENT_LAYER_PREFIX + "camera", COMPONENT_LAYER_PREFIX + "hydrant",
            COMPONENT_LAYER_PREFIX + "manhole", COMPONENT_LAYER_PREFIX + "street-light", COMPONENT_LAYER_PREFIX + "ebike-charger",
            SERVICE_POINTS, PARTY_ORGS);

    private static final List<Attribute> COMPONENT_ATTRIBUTES = List.of(
            Attribute.number("id", "component id"),
            Attribute.string("code", "component code (部件编码)"),
            Attribute.string("kind", "camera, hydrant, manhole, street_light or ebike_charger"),
            Attribute.string("name", "name"),
            Attribute.string("status", "normal, fault, offline or maintenance"),
            Attribute.string("aiAlarms", "cameras: video-AI alarm kinds, comma-separated"),
            Attribute.string("microCode", "code of the micro grid holding the component"));

    private static final List<Attribute> SERVICE_POINT_ATTRIBUTES = List.of(
            Attribute.number("id", "service point id"),
            Attribute.string("code", "code"),
            Attribute.string("category", "shop, service, social_org or company"),
            Attribute.string("kind", "convenience_store, wet_market, pharmacy, express, health_station, elderly_care, kindergarten, social_org, company"),
            Attribute.string("name", "name"),
            Attribute.string("microCode", "code of the micro grid holding it"));

    private static final List<Attribute> PARTY_ORG_ATTRIBUTES = List.of(
            Attribute.number("id", "organisation id"),
            Attribute.string("level", "district_committee, street_working_committee, community_committee, grid_branch, compound_group"),
            Attribute.string("name", "name"),
            Attribute.string("compound", "the compound (小区/楼院) of a compound party group"),
            Attribute.string("gridCode", "the grid it sits on (a compound group: its compound's micro grid)"));

    private static final String SERVICE_POINTS_SQL = "SELECT geom, id, code, category, kind, name, micro_code AS \"microCode\","
            + " grid_code, NULL::text AS department_code FROM service_point_layer";
    private static final String PARTY_ORGS_SQL = "SELECT geom, id, level, name, compound, grid_code AS \"gridCode\","
            + " grid_code, NULL::text AS department_code FROM party_org_layer";

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
                    Extrusion.byHeightMeters("height_m")),
            new LayerDefinition(CASES, new Title("事件", "Cases"), GeometryType.POINT, CASES_SQL,
                    0, MAX_ZOOM, CASE_ATTRIBUTES, "id", Simplification.NONE, false,
                    new Style("#ffffff", 1, "#2d7dd2", null, new FillBy("statusGroup", Map.of(
                            "pending", "#f39c12", "working", "#2d7dd2", "handled", "#16a085",
                            "closed", "#7f8c8d", "void", "#bdc3c7"))),
                    null),
            new LayerDefinition(PATROL_POSITIONS, new Title("网格员实时位置", "Grid workers' live positions"), GeometryType.POINT,
                    PATROL_POSITIONS_SQL, 10, MAX_ZOOM, PATROL_POSITION_ATTRIBUTES, "worker", Simplification.NONE, false,
                    new Style("#ffffff", 1.5, "#27ae60", null, new FillBy("insideOwnGrid", Map.of(
                            "true", "#27ae60", "false", "#e74c3c"))),
                    null),
            new LayerDefinition(PATROL_BLIND_SPOTS, new Title("巡查盲区（7天未巡）", "Patrol blind spots (7 days)"), GeometryType.POLYGON,
                    PATROL_BLIND_SPOTS_SQL, 14, MAX_ZOOM, PATROL_BLIND_SPOT_ATTRIBUTES, "fid", Simplification.NONE, false,
                    new Style("#c0392b", 1, "rgba(192, 57, 43, 0.25)", List.of(4, 3), new FillBy("kind", Map.of(
                            "micro", "rgba(192, 57, 43, 0.18)", "building", "rgba(230, 126, 34, 0.55)"))),
                    null),
            new LayerDefinition(COMPOUNDS, new Title("小区", "Residential compounds"), GeometryType.POLYGON, COMPOUNDS_SQL,
                    13, MAX_ZOOM, COMPOUND_ATTRIBUTES, "id", Simplification.NONE, false,
                    new Style("#6d4c41", 1, "rgba(141, 110, 99, 0.12)", List.of(3, 2), null), null),
            // Colours per status are campaign data (GET /api/campaigns); the style here is the fallback.
            new LayerDefinition(CAMPAIGN_STATUS, new Title("作战图（户/人状态）", "Status map (households and people)"), GeometryType.POINT,
                    CAMPAIGN_STATUS_SQL, 12, MAX_ZOOM, CAMPAIGN_STATUS_ATTRIBUTES, "grid", Simplification.NONE, false,
                    new Style("#ffffff", 1, "#e53935", null, null), null),
            components("camera", "摄像头", "Cameras", 14, "#2c3e50"),
            components("hydrant", "消防栓", "Fire hydrants", 15, "#c0392b"),
            components("manhole", "井盖", "Manhole covers", 16, "#7f8c8d"),
            components("street_light", "路灯", "Street lights", 16, "#f1c40f"),
            components("ebike_charger", "电动车充电桩", "E-bike charging points", 15, "#27ae60"),
            new LayerDefinition(SERVICE_POINTS, new Title("商铺与服务网点", "Shops and services"), GeometryType.POINT, SERVICE_POINTS_SQL,
                    14, MAX_ZOOM, SERVICE_POINT_ATTRIBUTES, "id", Simplification.NONE, false,
                    new Style("#ffffff", 1, "#8e44ad", null, new FillBy("category", Map.of(
                            "shop", "#e67e22", "service", "#16a085", "social_org", "#8e44ad", "company", "#34495e"))),
                    null),
            new LayerDefinition(PARTY_ORGS, new Title("党组织", "Party organisations"), GeometryType.POINT, PARTY_ORGS_SQL,
                    12, MAX_ZOOM, PARTY_ORG_ATTRIBUTES, "id", Simplification.NONE, false,
                    new Style("#ffd700", 1, "#c0392b", null, new FillBy("level", Map.of(
                            "grid_branch", "#c0392b", "compound_group", "#e74c3c", "community_committee", "#a93226"))),
                    null));

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

    /** Whether the layer's features change all the time (the catalog's {@code live}). */
    public static boolean isLive(String id) {
        return LIVE.contains(id);
    }

    /** The layer id of a grid level key ({@code micro} → {@code grids-micro}). */
    public static String gridLayerId(String levelKey) {
        return GRID_LAYER_PREFIX + levelKey;
    }

    private static LayerDefinition components(String kind, String titleZh, String titleEn, int minZoom, String color) {
        // The kind is one of our constants, never user input.
        String sql = "SELECT geom, id, code, kind, name, status, ai_alarms AS \"aiAlarms\", micro_code AS \"microCode\","
                + " grid_code, NULL::text AS department_code FROM component_layer WHERE kind = '" + kind + "'";
        return new LayerDefinition(COMPONENT_LAYER_PREFIX + kind.replace('_', '-'), new Title(titleZh, titleEn), GeometryType.POINT, sql,
                minZoom, MAX_ZOOM, COMPONENT_ATTRIBUTES, "id", Simplification.NONE, false,
                new Style("#ffffff", 1, color, null, new FillBy("status", Map.of(
                        "normal", color, "fault", "#e74c3c", "offline", "#95a5a6", "maintenance", "#e67e22"))),
                null);
    }

    private static LayerDefinition grids(String level, String titleZh, String titleEn, int minZoom, Style style) {
        // The level is one of our constants, never user input.
        String sql = "SELECT geom, code, name, level, parent_code AS \"parentCode\" FROM grid_current WHERE level = '" + level + "'";
        return new LayerDefinition(gridLayerId(level), new Title(titleZh, titleEn), GeometryType.POLYGON, sql,
                minZoom, MAX_ZOOM, GRID_ATTRIBUTES, "code", Simplification.below(GRID_SIMPLIFY_BELOW_ZOOM, GRID_SIMPLIFY_TILE_UNITS),
                true, style, null);
    }
}
