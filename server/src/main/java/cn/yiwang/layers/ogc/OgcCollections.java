package cn.yiwang.layers.ogc;

import java.util.List;
import java.util.Optional;

/**
 * The registry of the collections served by OGC API – Features, in the order they are listed.
 * Adding a layer is one entry here (and, when it is public, its path in {@code PublicGridReadRule}).
 * Cases have {@code publicRead = false}: listed and served only to authenticated callers, each
 * seeing the cases of their grid scope ({@code CaseLayerScopes}), and read from the view
 * {@code case_layer}, which holds no personal field (no reporter, description, title, address or
 * photos). Immutable; thread-safe.
 */
public final class OgcCollections {

    /** The current version of every grid (valid_to IS NULL), EPSG:4326. */
    private static final String GRID_VIEW = "grid_current";
    private static final String BUILDING_TABLE = "building";
    private static final String GEOM = "geom";

    private static final List<OgcProperty> GRID_PROPERTIES = List.of(
            OgcProperty.text("code", "code"),
            OgcProperty.text("name", "name"),
            OgcProperty.text("level", "level"),
            OgcProperty.text("parentCode", "parent_code"),
            OgcProperty.number("areaSqm", "area_sqm", 1),
            OgcProperty.bool("generated", "generated"),
            OgcProperty.text("kind", "kind"),
            OgcProperty.datetime("validFrom", "valid_from"));

    private static final List<OgcProperty> BUILDING_PROPERTIES = List.of(
            OgcProperty.text("name", "name"),
            OgcProperty.text("compound", "compound"),
            OgcProperty.text("use", "use"),
            OgcProperty.integer("floors", "floors"),
            OgcProperty.number("heightM", "height_m", 1),
            OgcProperty.integer("households", "households"),
            OgcProperty.text("microCode", "micro_code"),
            OgcProperty.bool("generated", "generated"));

    private static final List<OgcProperty> CASE_PROPERTIES = List.of(
            OgcProperty.text("code", "code"),
            OgcProperty.text("status", "status"),
            OgcProperty.text("statusGroup", "status_group"),
            OgcProperty.text("category", "category_code"),
            OgcProperty.text("topCategory", "top_category_code"),
            OgcProperty.text("urgency", "urgency"),
            OgcProperty.text("source", "source"),
            OgcProperty.text("microGridCode", "grid_code"),
            OgcProperty.integer("floor", "floor"),
            OgcProperty.datetime("reportedAt", "reported_at"),
            OgcProperty.datetime("deadlineAt", "deadline_at"),
            OgcProperty.datetime("closedAt", "closed_at"),
            OgcProperty.bool("overdue", "overdue"));

    private static final List<OgcProperty> COMPOUND_PROPERTIES = List.of(
            OgcProperty.text("name", "name"),
            OgcProperty.text("districtCode", "district_code"),
            OgcProperty.text("microCode", "micro_code"),
            OgcProperty.integer("buildings", "building_count"),
            OgcProperty.integer("households", "households"));

    private static final List<OgcProperty> COMPONENT_PROPERTIES = List.of(
            OgcProperty.text("code", "code"),
            OgcProperty.text("kind", "kind"),
            OgcProperty.text("name", "name"),
            OgcProperty.text("status", "status"),
            OgcProperty.text("aiAlarms", "ai_alarms"),
            OgcProperty.text("owner", "owner"),
            OgcProperty.text("microCode", "micro_code"),
            OgcProperty.datetime("updatedAt", "updated_at"));

    private static final List<OgcProperty> SERVICE_POINT_PROPERTIES = List.of(
            OgcProperty.text("code", "code"),
            OgcProperty.text("category", "category"),
            OgcProperty.text("kind", "kind"),
            OgcProperty.text("name", "name"),
            OgcProperty.text("microCode", "micro_code"));

    private static final List<OgcProperty> PARTY_ORG_PROPERTIES = List.of(
            OgcProperty.text("level", "level"),
            OgcProperty.text("name", "name"),
            OgcProperty.text("compound", "compound"),
            OgcProperty.text("gridCode", "grid_code"));

    /** Every collection, public or not, in listing order. */
    public static final List<OgcCollection> ALL = List.of(
            grids("l1", "一级网格（街道、镇）", "Level-1 grids (street offices and towns)",
                    "街道办事处与镇的辖区", "The areas of the street offices and towns"),
            grids("l2", "二级网格（社区、村）", "Level-2 grids (communities and villages)",
                    "社区居委会与村委会的辖区", "The areas of the residents' and villagers' committees"),
            grids("l3", "三级网格", "Level-3 grids",
                    "社区之下的网格，每格有专职网格员", "Grids inside a community, each with a full-time grid worker"),
            grids("micro", "微网格", "Micro grids",
                    "约 50–70 户的最小网格", "The smallest grids, about 50–70 households each"),
            grids("special", "专属网格", "Special grids",
                    "医院、学校、商场等单独管理的区域", "Hospitals, schools, malls and other separately managed sites"),
            new OgcCollection("buildings", "建筑", "Buildings",
                    "建筑轮廓，含层数、高度、用途、户数及所在微网格",
                    "Building footprints with floors, height, use, households and the micro grid holding them",
                    BUILDING_TABLE, null, null, "id", List.of("id", "district_code"), GEOM,
                    BUILDING_PROPERTIES, null, true),
            new OgcCollection("compounds", "小区", "Residential compounds",
                    "小区（楼院）：其建筑的凸包、所在微网格、楼栋数与户数（不含人员信息），仅含您网格范围内的小区",
                    "Residential compounds: the convex hull of their buildings, micro grid, buildings and households (no personal data), those of your grid scope only",
                    "compound_layer", null, null, "id", List.of("id"), GEOM, COMPOUND_PROPERTIES, null, false),
            new OgcCollection("cases", "事件", "Cases",
                    "网格事件（不含上报人、描述与照片），仅含您网格范围内的事件；datetime 按上报时间筛选",
                    "Grid cases (no reporter, description or photos), those of your grid scope only; datetime filters on the reported time",
                    "case_layer", null, null, "id", List.of("id"), GEOM, CASE_PROPERTIES, "reported_at", false),
            components("camera", "摄像头", "Cameras", "含视频AI告警类型（占道经营、垃圾满溢、人群聚集等）",
                    "With their video-AI alarm kinds (street vending, overflowing bins, crowds …)"),
            components("hydrant", "消防栓", "Fire hydrants", "室外消火栓", "Outdoor fire hydrants"),
            components("manhole", "井盖", "Manhole covers", "污水、雨水、通信、电力井盖", "Sewer, storm, telecom and power manhole covers"),
            components("street_light", "路灯", "Street lights", "道路照明", "Street lighting"),
            components("ebike_charger", "电动车充电桩", "E-bike charging points", "小区电动自行车集中充电点", "Compound e-bike charging points"),
            new OgcCollection("service-points", "商铺与服务网点", "Shops and services",
                    "便利店、菜市场、药店、社区卫生服务站、养老服务、幼儿园、快递、社会组织与企业，仅含您网格范围内的",
                    "Shops, services, social organisations and companies, those of your grid scope only",
                    "service_point_layer", null, null, "id", List.of("id"), GEOM, SERVICE_POINT_PROPERTIES, "updated_at", false),
            new OgcCollection("party-orgs", "党组织", "Party organisations",
                    "区委、街道党工委、社区党委、网格党支部、楼院党小组（不含党员个人信息），仅含您网格范围内的",
                    "Party organisations down to compound party groups (no member data), those of your grid scope only",
                    "party_org_layer", null, null, "id", List.of("id"), GEOM, PARTY_ORG_PROPERTIES, null, false));

    private OgcCollections() {
    }

    public static Optional<OgcCollection> find(String id) {
        return ALL.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    private static OgcCollection components(String kind, String titleZh, String titleEn, String descriptionZh, String descriptionEn) {
        return new OgcCollection("components-" + kind.replace('_', '-'), titleZh, titleEn,
                "城市部件：" + descriptionZh + "，含状态与所在微网格，仅含您网格范围内的",
                "City components: " + descriptionEn + ", with status and micro grid, those of your grid scope only",
                "component_layer", "kind", kind, "id", List.of("id"), GEOM, COMPONENT_PROPERTIES, "updated_at", false);
    }

    private static OgcCollection grids(String level, String titleZh, String titleEn, String descriptionZh, String descriptionEn) {
        return new OgcCollection("grids-" + level, titleZh, titleEn,
                descriptionZh + "（当前版本）", descriptionEn + " (current versions)",
                GRID_VIEW, "level", level, "code", List.of("code"), GEOM, GRID_PROPERTIES, "valid_from", true);
    }
}
