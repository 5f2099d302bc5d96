package cn.yiwang.layers.ogc;

import java.util.List;
import java.util.Optional;

/**
 * The registry of the collections served by OGC API – Features, in the order they are listed.
 * Adding a layer is one entry here (and, when it is public, its path in {@code PublicGridReadRule}).
 * Cases will come with {@code publicRead = false}: they are personal data, listed and served only
 * to authenticated callers. Immutable; thread-safe.
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
                    BUILDING_PROPERTIES, null, true));

    private OgcCollections() {
    }

    public static Optional<OgcCollection> find(String id) {
        return ALL.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    private static OgcCollection grids(String level, String titleZh, String titleEn, String descriptionZh, String descriptionEn) {
        return new OgcCollection("grids-" + level, titleZh, titleEn,
                descriptionZh + "（当前版本）", descriptionEn + " (current versions)",
                GRID_VIEW, "level", level, "code", List.of("code"), GEOM, GRID_PROPERTIES, "valid_from", true);
    }
}
