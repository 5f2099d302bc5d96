package cn.yiwang.grid;

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.locationtech.jts.geom.Geometry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.yiwang.geo.ChinaCoordinateTransformer;
import cn.yiwang.geo.CoordinateSystem;
import cn.yiwang.routing.GridIndex;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

/**
 * The current grid hierarchy in memory ({@link GridCatalog}), rebuilt from PostGIS by
 * {@link #reload()} and swapped atomically, and the point → grid chain lookup.
 */
@Singleton
public class GridService {

    private static final Logger LOG = LoggerFactory.getLogger(GridService.class);

    /** The answer of {@code /api/grids/at}. */
    @Serdeable
    public record Location(double lon, double lat, String crs, double wgs84Lon, double wgs84Lat, boolean assigned,
                           @Nullable Double snappedMeters, List<GridSummary> chain, List<GridSummary> special) {
    }

    private final GridRepository repository;
    private final GridsConfiguration config;
    private final AtomicReference<GridCatalog> catalog = new AtomicReference<>();
    /** The geometries the current catalog's index was built from, kept for {@link #apply}. Guarded by this. */
    private Map<String, Geometry> microSource;
    private Map<String, Geometry> specialSource;
    /** Change events whose grids {@link #apply} has already swapped in (by identity). */
    private final Set<Object> applied = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    public GridService(GridRepository repository, GridsConfiguration config) {
        this.repository = repository;
        this.config = config;
    }

    /** Rebuilds the snapshot from the database and swaps it in; readers never see a half-built one. */
    public synchronized GridCatalog reload() {
        long t0 = System.nanoTime();
        Map<String, Geometry> micro = repository.geometries("micro");
        Map<String, Geometry> special = repository.geometries("special");
        GridCatalog fresh = new GridCatalog(repository.summaries(), GridIndex.build(micro, special), micro);
        microSource = micro;
        specialSource = special;
        catalog.set(fresh);
        LOG.info("Grid index: {} grids in {} ms; {}", fresh.size(), (System.nanoTime() - t0) / 1_000_000, fresh.locator());
        return fresh;
    }

    /**
     * Swaps in a catalog with the current versions of {@code codes} (of {@code level}) read from
     * PostGIS, without re-reading the rest: their summaries are patched into the catalog, and for
     * micro or special grids the index is derived from the current one with theirs replaced
     * ({@link GridIndex#withChanges}: only the cells around them are rebuilt). Codes without a
     * current version are dropped. {@code event}, the change event the caller is about to publish,
     * is remembered so that {@link #reloadFor} does not reload a second time for it.
     */
    public synchronized GridCatalog apply(String level, Collection<String> codes, Object event) {
        GridCatalog old = catalog.get();
        if (old == null || microSource == null) {
            return reload();
        }
        long t0 = System.nanoTime();
        Map<String, GridSummary> fetchedSummaries = repository.summaries(codes);
        long tRead = System.nanoTime();
        Map<String, GridSummary> byCode = PatchedMap.of(old.summaries(), fetchedSummaries, codes);
        long tSummaries = System.nanoTime();
        long tIndex = tSummaries;
        GridLocator locator = old.locator();
        if ("micro".equals(level) || "special".equals(level)) {
            boolean isMicro = "micro".equals(level);
            Map<String, Geometry> fetched = repository.geometries(level, codes);
            tIndex = System.nanoTime();
            List<String> gone = codes.stream().filter(code -> !fetched.containsKey(code)).toList();
            Map<String, Geometry> patched = PatchedMap.of(isMicro ? microSource : specialSource, fetched, gone);
            Map<String, Geometry> micro = isMicro ? patched : microSource;
            Map<String, Geometry> special = isMicro ? specialSource : patched;
            // Only the cells around the changed grids are rebuilt; the old index serves until the swap.
            locator = locator instanceof GridIndex index
                    ? (isMicro ? index.withChanges(fetched, gone, Map.of(), List.of()) : index.withChanges(Map.of(), List.of(), fetched, gone))
                    : GridIndex.build(micro, special);
            microSource = micro;
            specialSource = special;
        }
        long tLocator = System.nanoTime();
        GridCatalog fresh = new GridCatalog(byCode, locator, microSource);
        catalog.set(fresh);
        if (event != null) {
            applied.add(event);
        }
        long t1 = System.nanoTime();
        LOG.info("Grid index: {} {} grids applied in {} ms (read {} ms, summaries {} ms, geometries {} ms, index {} ms, catalog {} ms); {}",
                codes.size(), level, (t1 - t0) / 1_000_000, (tRead - t0) / 1_000_000, (tSummaries - tRead) / 1_000_000,
                (tIndex - tSummaries) / 1_000_000, (tLocator - tIndex) / 1_000_000, (t1 - tLocator) / 1_000_000, fresh.locator());
        return fresh;
    }

    /** For a change event: nothing when {@link #apply} already swapped its grids in, else a full {@link #reload()}. */
    public GridCatalog reloadFor(Object event) {
        return applied.remove(event) ? catalog() : reload();
    }

    public GridCatalog catalog() {
        GridCatalog c = catalog.get();
        if (c == null) {
            synchronized (this) {
                c = catalog.get();
                if (c == null) {
                    c = reload();
                }
            }
        }
        return c;
    }

    /**
     * The grid chain at a point given in {@code crs} (converted to WGS84 first).
     *
     * @throws IllegalArgumentException for coordinates the transformer rejects
     */
    public Location at(double lon, double lat, CoordinateSystem crs) {
        double[] wgs = ChinaCoordinateTransformer.toWgs84(crs, lon, lat);
        GridCatalog c = catalog();
        Optional<GridLocator.Hit> hit = c.locator().locateMicro(wgs[0], wgs[1], config.snapMeters());
        List<GridSummary> chain = hit.map(h -> c.chain(h.code())).orElse(List.of());
        List<GridSummary> special = c.locator().locateSpecial(wgs[0], wgs[1]).stream()
                .map(code -> c.get(code).orElseThrow()).toList();
        return new Location(lon, lat, crs.name().toLowerCase(java.util.Locale.ROOT), wgs[0], wgs[1], hit.isPresent(),
                hit.map(GridLocator.Hit::snappedMeters).orElse(null), chain, special);
    }

    /**
     * The grid chain at a point as the boundaries were at instant {@code at} (from the versioned
     * table; no snapping).
     */
    public Location at(double lon, double lat, CoordinateSystem crs, java.time.Instant at) {
        double[] wgs = ChinaCoordinateTransformer.toWgs84(crs, lon, lat);
        List<List<GridSummary>> found = repository.chainAt(wgs[0], wgs[1], at);
        return new Location(lon, lat, crs.name().toLowerCase(java.util.Locale.ROOT), wgs[0], wgs[1], !found.get(0).isEmpty(),
                found.get(0).isEmpty() ? null : 0.0, found.get(0), found.get(1));
    }
}
