package cn.yiwang.layers.tiles;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.index.strtree.STRtree;

import cn.yiwang.grid.GridCatalog;
import cn.yiwang.grid.GridService;
import cn.yiwang.grid.GridSummary;
import cn.yiwang.layers.LayerDefinition;
import cn.yiwang.layers.LayerRegistry;
import cn.yiwang.layers.LayerScope;
import jakarta.inject.Singleton;

/**
 * The micro grid tiles from zoom {@value #IN_MEMORY_FROM_ZOOM} up, built in memory from the polygons
 * the routing index holds ({@link GridCatalog#microGeometries()}) instead of by {@code ST_AsMVT}:
 * the same features in the same order (by code), the same attributes, no simplification (as in
 * PostGIS from that zoom), clipped to the tile grown by {@link TileRepository#BUFFER} units and
 * snapped to whole tile units. At high zoom a tile holds a few dozen grids, so building it costs less
 * than the round trip to the database it saves. Lower zooms, which PostGIS simplifies, and scoped
 * reads go to {@link TileRepository}. The polygons follow the catalog: a boundary change swaps the
 * catalog before the layer's tiles are invalidated ({@link cn.yiwang.grid.GridIndexRefresher} runs
 * first). Thread-safe.
 */
@Singleton
public class MicroGridTileSource implements TileSource {

    /** From this zoom the grid layers are not simplified, and the tiles are built here. */
    public static final int IN_MEMORY_FROM_ZOOM = 14;
    private static final int EXTENT = TileRepository.EXTENT;
    private static final int BUFFER = TileRepository.BUFFER;

    private record Item(String code, Geometry geometry) {
    }

    private record Index(GridCatalog catalog, STRtree tree) {
    }

    private final GridService grids;
    private final TileRepository repository;
    private volatile Index index;

    public MicroGridTileSource(GridService grids, TileRepository repository) {
        this.grids = grids;
        this.repository = repository;
    }

    @Override
    public String layerId() {
        return LayerRegistry.gridLayerId("micro");
    }

    @Override
    public byte[] mvt(LayerDefinition layer, LayerScope scope, int z, int x, int y) {
        double tolerance = layer.simplification().tileUnitsAt(z);
        GridCatalog catalog = grids.catalog();
        if (z < IN_MEMORY_FROM_ZOOM || tolerance > 0 || scope != null || catalog.microGeometries().isEmpty()) {
            return repository.mvt(layer, scope, z, x, y, tolerance);
        }
        return build(layer.id(), catalog, index(catalog), z, x, y);
    }

    @Override
    public Optional<Envelope> extent(LayerDefinition layer, LayerScope scope) {
        return repository.extent(layer, scope);
    }

    private Index index(GridCatalog catalog) {
        Index i = index;
        if (i != null && i.catalog() == catalog) {
            return i;
        }
        synchronized (this) {
            i = index;
            if (i == null || i.catalog() != catalog) {
                STRtree tree = new STRtree();
                catalog.microGeometries().forEach((code, g) -> tree.insert(g.getEnvelopeInternal(), new Item(code, g)));
                tree.build();
                i = new Index(catalog, tree);
                index = i;
            }
        }
        return i;
    }

    /** The encoded tile, an empty array when no grid reaches it. */
    static byte[] build(String layerName, GridCatalog catalog, Index index, int z, int x, int y) {
        double margin = (double) BUFFER / EXTENT;
        Envelope search = new Envelope(TileMath.lon(x - margin, z), TileMath.lon(x + 1 + margin, z),
                TileMath.lat(y + 1 + margin, z), TileMath.lat(y - margin, z));
        @SuppressWarnings("unchecked")
        List<Item> found = new ArrayList<>(index.tree().query(search));
        found.sort(Comparator.comparing(Item::code));
        MvtTileBuilder tile = new MvtTileBuilder(layerName, EXTENT);
        for (Item item : found) {
            List<int[]> rings = new ArrayList<>();
            for (int p = 0; p < item.geometry().getNumGeometries(); p++) {
                if (item.geometry().getGeometryN(p) instanceof Polygon polygon) {
                    addPolygon(polygon, z, x, y, rings);
                }
            }
            if (rings.isEmpty()) {
                continue;
            }
            GridSummary g = catalog.get(item.code()).orElse(null);
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("code", item.code());
            properties.put("name", g == null ? null : g.name());
            properties.put("level", "micro");
            properties.put("parentCode", g == null ? null : g.parentCode());
            tile.addPolygon(null, rings, properties);
        }
        return tile.build();
    }

    /** Appends the polygon's rings in tile units, exterior first, oriented as MVT wants; nothing when it vanishes. */
    private static void addPolygon(Polygon polygon, int z, int x, int y, List<int[]> rings) {
        int[] shell = ring(polygon.getExteriorRing().getCoordinateSequence(), z, x, y);
        if (shell == null) {
            return;
        }
        rings.add(oriented(shell, true));
        for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
            int[] hole = ring(polygon.getInteriorRingN(h).getCoordinateSequence(), z, x, y);
            if (hole != null) {
                rings.add(oriented(hole, false));
            }
        }
    }

    /**
     * A ring projected to tile units, clipped to the buffered tile, snapped to whole units, without
     * repeated points or the closing point; null when fewer than three points or no area remain.
     */
    static int[] ring(CoordinateSequence seq, int z, int x, int y) {
        int n = seq.size() - 1; // the closing point repeats the first
        if (n < 3) {
            return null;
        }
        double scale = EXTENT;
        double[] xy = new double[2 * n];
        for (int i = 0; i < n; i++) {
            xy[2 * i] = (TileMath.tileX(seq.getX(i), z) - x) * scale;
            xy[2 * i + 1] = (TileMath.tileY(seq.getY(i), z) - y) * scale;
        }
        double[] clipped = clip(xy, -BUFFER, EXTENT + BUFFER);
        int m = clipped.length / 2;
        int[] out = new int[clipped.length];
        int k = 0;
        for (int i = 0; i < m; i++) {
            int px = (int) Math.round(clipped[2 * i]);
            int py = (int) Math.round(clipped[2 * i + 1]);
            if (k > 0 && out[k - 2] == px && out[k - 1] == py) {
                continue;
            }
            out[k++] = px;
            out[k++] = py;
        }
        while (k >= 4 && out[0] == out[k - 2] && out[1] == out[k - 1]) {
            k -= 2;
        }
        if (k < 6) {
            return null;
        }
        int[] ring = Arrays.copyOf(out, k);
        return area2(ring) == 0 ? null : ring;
    }

    /** Twice the surveyor's area in tile units: positive for an MVT exterior ring (clockwise on screen). */
    static long area2(int[] ring) {
        long sum = 0;
        int n = ring.length / 2;
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            sum += (long) ring[2 * i] * ring[2 * j + 1] - (long) ring[2 * j] * ring[2 * i + 1];
        }
        return sum;
    }

    private static int[] oriented(int[] ring, boolean exterior) {
        if ((area2(ring) > 0) == exterior) {
            return ring;
        }
        int n = ring.length / 2;
        int[] reversed = new int[ring.length];
        for (int i = 0; i < n; i++) {
            reversed[2 * i] = ring[2 * (n - 1 - i)];
            reversed[2 * i + 1] = ring[2 * (n - 1 - i) + 1];
        }
        return reversed;
    }

    /**
     * Sutherland–Hodgman clipping of a ring ({@code x0, y0, x1, y1, …}, not closed) to the square
     * {@code [min, max]²}. Where the ring leaves and re-enters, the result runs along the square's
     * edge, as {@code ST_ClipByBox2D} does.
     */
    static double[] clip(double[] xy, double min, double max) {
        boolean inside = true;
        for (int i = 0; i < xy.length && inside; i++) {
            inside = xy[i] >= min && xy[i] <= max;
        }
        if (inside) {
            return xy;
        }
        double[] ring = xy;
        for (int edge = 0; edge < 4 && ring.length > 0; edge++) {
            ring = clipEdge(ring, edge, edge < 2 ? min : max);
        }
        return ring;
    }

    /** Edge 0: x >= v, 1: y >= v, 2: x <= v, 3: y <= v. */
    private static double[] clipEdge(double[] ring, int edge, double v) {
        int n = ring.length / 2;
        double[] out = new double[4 * n];
        int k = 0;
        int axis = edge % 2;
        boolean keepAbove = edge < 2;
        for (int i = 0; i < n; i++) {
            int prev = (i + n - 1) % n;
            double pc = ring[2 * prev + axis];
            double cc = ring[2 * i + axis];
            boolean prevIn = keepAbove ? pc >= v : pc <= v;
            boolean curIn = keepAbove ? cc >= v : cc <= v;
            if (curIn != prevIn) {
                double t = (v - pc) / (cc - pc);
                double ix = ring[2 * prev] + t * (ring[2 * i] - ring[2 * prev]);
                double iy = ring[2 * prev + 1] + t * (ring[2 * i + 1] - ring[2 * prev + 1]);
                out[k++] = axis == 0 ? v : ix;
                out[k++] = axis == 1 ? v : iy;
            }
            if (curIn) {
                out[k++] = ring[2 * i];
                out[k++] = ring[2 * i + 1];
            }
        }
        return Arrays.copyOf(out, k);
    }

    /** For tests: the tile of this catalog, built without the cached index. */
    static byte[] build(String layerName, GridCatalog catalog, int z, int x, int y) {
        STRtree tree = new STRtree();
        catalog.microGeometries().forEach((code, g) -> tree.insert(g.getEnvelopeInternal(), new Item(code, g)));
        tree.build();
        return build(layerName, catalog, new Index(catalog, tree), z, x, y);
    }
}
