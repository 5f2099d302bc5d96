package cn.yiwang.grid;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

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

    public GridService(GridRepository repository, GridsConfiguration config) {
        this.repository = repository;
        this.config = config;
    }

    /** Rebuilds the snapshot from the database and swaps it in; readers never see a half-built one. */
    public GridCatalog reload() {
        long t0 = System.nanoTime();
        GridCatalog fresh = new GridCatalog(repository.summaries(),
                GridIndex.build(repository.geometries("micro"), repository.geometries("special")));
        catalog.set(fresh);
        LOG.info("Grid index: {} grids in {} ms; {}", fresh.size(), (System.nanoTime() - t0) / 1_000_000, fresh.locator());
        return fresh;
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
