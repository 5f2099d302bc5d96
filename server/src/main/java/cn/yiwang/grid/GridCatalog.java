package cn.yiwang.grid;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.locationtech.jts.geom.Geometry;

/**
 * All current grids by code, the locator over the micro and special grids and the micro grids'
 * polygons the locator was built from: one immutable snapshot of the hierarchy. Thread-safe.
 */
public final class GridCatalog {

    private final Map<String, GridSummary> byCode;
    private final GridLocator locator;
    private final Map<String, Geometry> microGeometries;

    public GridCatalog(Map<String, GridSummary> byCode, GridLocator locator) {
        this(byCode, locator, Map.of());
    }

    /** @param microGeometries code → polygon (EPSG:4326) of every current micro grid; not modified afterwards */
    public GridCatalog(Map<String, GridSummary> byCode, GridLocator locator, Map<String, Geometry> microGeometries) {
        // A patched map shares its base with the catalog before and is immutable already.
        this.byCode = byCode instanceof PatchedMap ? byCode : Map.copyOf(byCode);
        this.locator = locator;
        this.microGeometries = Collections.unmodifiableMap(microGeometries);
    }

    /** The polygons of the current micro grids by code (EPSG:4326), as loaded for the locator. */
    public Map<String, Geometry> microGeometries() {
        return microGeometries;
    }

    public Optional<GridSummary> get(String code) {
        return Optional.ofNullable(byCode.get(code));
    }

    public GridLocator locator() {
        return locator;
    }

    /** Every grid by code (an unmodifiable view). */
    public Map<String, GridSummary> summaries() {
        return byCode;
    }

    /** Every grid of {@code level}, by code ascending. */
    public List<GridSummary> atLevel(String level) {
        return byCode.values().stream().filter(g -> level.equals(g.level()))
                .sorted(java.util.Comparator.comparing(GridSummary::code)).toList();
    }

    public int size() {
        return byCode.size();
    }

    /** The grid itself, then its parent, … up to the district. Stops at a missing parent (or a cycle). */
    public List<GridSummary> chain(String code) {
        List<GridSummary> chain = new ArrayList<>();
        GridSummary g = byCode.get(code);
        while (g != null && chain.size() < 16) {
            chain.add(g);
            g = g.parentCode() == null ? null : byCode.get(g.parentCode());
        }
        return chain;
    }

    /** Parent up to the district, excluding the grid itself. */
    public List<GridSummary> ancestors(String code) {
        List<GridSummary> chain = chain(code);
        return chain.isEmpty() ? chain : chain.subList(1, chain.size());
    }
}
