package cn.yiwang.geoserver;

import java.util.List;

/**
 * One layer to publish: GeoServer layer {@code name}, the database view it reads ({@code view}),
 * its titles, the style (a file {@code data/styles/<style>.sld}) and, for a layer that must not be
 * public, the environment variable naming the GeoServer role allowed to read it and that role's
 * default ({@code readRoleVariable} / {@code defaultReadRole}; both null for a public layer).
 */
public record GeoServerLayer(String name, String view, String titleZh, String titleEn, String style,
                             String readRoleVariable, String defaultReadRole) {

    GeoServerLayer(String name, String view, String titleZh, String titleEn, String style) {
        this(name, view, titleZh, titleEn, style, null, null);
    }

    /** True when the layer is published with a read rule of its own rather than GeoServer's default. */
    public boolean restricted() {
        return readRoleVariable != null;
    }

    /** Every layer Yiwang publishes, in drawing order. */
    public static final List<GeoServerLayer> ALL = List.of(
            new GeoServerLayer("grids_district", "gs_grids_district", "区", "District", "grid-district"),
            new GeoServerLayer("grids_l1", "gs_grids_l1", "街道(镇)网格", "Level-1 grids (street offices)", "grid-l1"),
            new GeoServerLayer("grids_l2", "gs_grids_l2", "社区(村)网格", "Level-2 grids (communities)", "grid-l2"),
            new GeoServerLayer("grids_l3", "gs_grids_l3", "三级网格", "Level-3 grids", "grid-l3"),
            new GeoServerLayer("grids_micro", "gs_grids_micro", "微网格", "Micro grids", "grid-micro"),
            new GeoServerLayer("grids_special", "gs_grids_special", "专属网格", "Special grids", "grid-special"),
            new GeoServerLayer("buildings", "gs_buildings", "建筑", "Buildings", "buildings"),
            new GeoServerLayer("cases_open", "gs_cases_open", "未结事件", "Open cases (no personal data)", "cases-open",
                    "GEOSERVER_CASES_ROLE", "ROLE_YIWANG_CASES"),
            new GeoServerLayer("patrol_tracks_today", "gs_patrol_tracks_today", "今日巡查轨迹", "Today's patrol tracks",
                    "patrol-tracks-today", "GEOSERVER_TRACKS_ROLE", "ROLE_YIWANG_PATROL"));
}
