package cn.yiwang.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.locationtech.jts.geom.Geometry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import cn.yiwang.grid.GridCatalog;
import cn.yiwang.grid.GridRepository;
import cn.yiwang.grid.GridService;
import cn.yiwang.grid.GridsConfiguration;
import cn.yiwang.routing.GridIndex;
import cn.yiwang.routing.RouteJsonWriter;
import cn.yiwang.routing.RoutePoint;
import cn.yiwang.routing.RouteRequestReader;
import cn.yiwang.routing.RouteResult;
import cn.yiwang.routing.RoutingConfiguration;
import cn.yiwang.routing.RoutingService;

/**
 * The server side of {@code POST /api/route} without HTTP: read a 10,000-point body (GCJ-02, 5–30 m
 * accuracy, case-like points on the city grids), route it, write the JSON, as {@code RouteController}
 * does, with the default settings. Milliseconds per batch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class RouteBatchBench {

    byte[] body;
    List<RoutePoint> parsed;
    RouteRequestReader reader;
    RoutingService routing;
    RouteJsonWriter writer;

    @Setup(Level.Trial)
    public void setup() {
        CityData city = CityData.get();
        GridCatalog catalog = new GridCatalog(city.summaries, GridIndex.build(city.micro, city.special));
        GridService grids = new GridService(null, null) {
            @Override
            public GridCatalog catalog() {
                return catalog;
            }
        };
        GridRepository repository = new GridRepository(null) {
            @Override
            public Map<String, Geometry> geometries(String level) {
                return city.districts;
            }
        };
        routing = new RoutingService(grids, repository, new GridsConfiguration(200, 10_000, false, "city"),
                new RoutingConfiguration(30, 10_000, 1000, 8));
        reader = new RouteRequestReader(10_000);
        writer = new RouteJsonWriter();
        body = RouteBatchBody.body(10_000).getBytes(StandardCharsets.UTF_8);
        parsed = reader.read(body);
        byte[] json = writer.write(routing.routeAll(parsed));
        System.out.println("# response: " + json.length / 1024 + " KB");
    }

    @Benchmark
    public byte[] readRouteWrite() {
        List<RoutePoint> points = reader.read(body);
        return writer.write(routing.routeAll(points));
    }

    /** The same with {@code ?view=compact}: codes instead of summaries. */
    @Benchmark
    public RouteJsonWriter.Pieces readRouteWriteCompact() {
        List<RoutePoint> points = reader.read(body);
        return writer.writePieces(routing.routeAll(points), RouteJsonWriter.View.COMPACT);
    }

    /** Reading the 10,000-point body alone. */
    @Benchmark
    public List<RoutePoint> readOnly() {
        return reader.read(body);
    }

    /** Routing alone (parsed points). */
    @Benchmark
    public List<RouteResult> routeOnly() {
        return routing.routeAll(parsed);
    }
}
