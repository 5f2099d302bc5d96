package cn.yiwang.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

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

import cn.yiwang.routing.GridIndex;

/**
 * Rebuilding the {@link GridIndex} from the city's geometries in memory (what
 * {@code GridService.reload()} does after reading them from PostGIS), single shot, on the common
 * fork-join pool (2 cores here). The set-up prints the heap the index retains, measured as the
 * used heap after full collections with and without it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 8)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class BuildBench {

    CityData city;

    @Setup(Level.Trial)
    public void setup() {
        city = CityData.get();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(memory);
        GridIndex index = GridIndex.build(city.micro, city.special);
        long after = usedAfterGc(memory);
        System.out.printf(Locale.ROOT, "# heap retained by the index: %.1f MB (its own estimate %.1f MB); %s%n",
                (after - before) / 1048576.0, index.stats().estimatedBytes() / 1048576.0, index);
        Reference.reachabilityFence(index);
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    @Benchmark
    public GridIndex build() {
        return GridIndex.build(city.micro, city.special);
    }
}
