package cn.yiwang.bench;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

import cn.yiwang.grid.GridLocator;
import cn.yiwang.grid.IndexedGridLocator;
import cn.yiwang.routing.GridIndex;

/**
 * Points routed per second on the city-scale grids (47,188 micro grids): {@link GridIndex}'s batch
 * path against the JTS STRtree of PreparedGeometry ({@link IndexedGridLocator}, the previous
 * locator), on 1 and 2 threads. Scores are points per second (1,024 points per invocation).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class RoutingBench {

    static final int BATCH = 1024;
    static final int POINTS = 1 << 20;

    GridIndex index;
    IndexedGridLocator strtree;
    double[] lons;
    double[] lats;

    @Setup(Level.Trial)
    public void setup() {
        CityData city = CityData.get();
        index = GridIndex.build(city.micro, city.special);
        strtree = new IndexedGridLocator(city.micro, city.special);
        double[][] points = city.casePoints(POINTS, 20261122);
        lons = points[0];
        lats = points[1];
        int unassigned = 0;
        for (int i = 0; i < POINTS; i++) {
            unassigned += index.locate(lons[i], lats[i]) < 0 ? 1 : 0;
        }
        System.out.println("# " + index + "; " + POINTS + " case-like points, " + unassigned + " outside every grid");
    }

    /** Each thread walks its own part of the points, one batch per invocation. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
        int[] out = new int[POINTS];

        @Setup(Level.Trial)
        public void start(ThreadParams thread) {
            next = (int) ((long) thread.getThreadIndex() * POINTS / Math.max(1, thread.getThreadCount())) & -BATCH;
        }

        int take() {
            int from = next;
            next = (next + BATCH) & (POINTS - 1);
            return from;
        }
    }

    private int gridIndex(Cursor c) {
        int from = c.take();
        index.locate(lons, lats, c.out, from, from + BATCH);
        return c.out[from] + c.out[from + BATCH - 1];
    }

    private int strtree(Cursor c) {
        int from = c.take();
        int h = 0;
        for (int i = from; i < from + BATCH; i++) {
            Optional<GridLocator.Hit> hit = strtree.locateMicro(lons[i], lats[i], 0);
            h += hit.isPresent() ? hit.get().code().length() : -1;
        }
        return h;
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BATCH)
    public int gridIndex1Thread(Cursor c) {
        return gridIndex(c);
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(BATCH)
    public int gridIndex2Threads(Cursor c) {
        return gridIndex(c);
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BATCH)
    public int strtree1Thread(Cursor c) {
        return strtree(c);
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(BATCH)
    public int strtree2Threads(Cursor c) {
        return strtree(c);
    }
}
