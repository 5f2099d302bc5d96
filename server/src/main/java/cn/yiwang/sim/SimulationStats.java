package cn.yiwang.sim;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counters of a simulation run, for the summary printed at the end. Thread-safe. */
public final class SimulationStats {

    private static final int MAX_ERRORS_KEPT = 20;

    private final Map<Channel, LongAdder> created = new ConcurrentHashMap<>();
    private final Map<Long, String> status = new ConcurrentHashMap<>();
    private final Map<Long, Boolean> overdue = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> actions = new ConcurrentHashMap<>();
    private final AtomicLong errors = new AtomicLong();
    private final ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();
    private final LongAdder backfilled = new LongAdder();
    private final LongAdder photos = new LongAdder();

    void created(long id, Channel channel, String statusKey, boolean backfill) {
        created.computeIfAbsent(channel, c -> new LongAdder()).increment();
        status.put(id, statusKey);
        if (backfill) {
            backfilled.increment();
        }
    }

    void seen(long id, String statusKey, boolean isOverdue) {
        status.put(id, statusKey);
        overdue.put(id, isOverdue);
    }

    void action(String action) {
        actions.computeIfAbsent(action, a -> new LongAdder()).increment();
    }

    void photo() {
        photos.increment();
    }

    /** Site photos uploaded (with reports and with handling steps). */
    public long photos() {
        return photos.sum();
    }

    void error(String what) {
        errors.incrementAndGet();
        if (errorSamples.size() < MAX_ERRORS_KEPT) {
            errorSamples.add(what);
        }
    }

    public long createdTotal() {
        return created.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public Map<Channel, Long> createdByChannel() {
        Map<Channel, Long> out = new EnumMap<>(Channel.class);
        created.forEach((c, n) -> out.put(c, n.sum()));
        return out;
    }

    /** Cases by the last status the simulator saw. */
    public Map<String, Long> byStatus() {
        Map<String, Long> out = new TreeMap<>();
        status.values().forEach(s -> out.merge(s, 1L, Long::sum));
        return out;
    }

    public Map<String, Long> actions() {
        Map<String, Long> out = new TreeMap<>();
        actions.forEach((a, n) -> out.put(a, n.sum()));
        return out;
    }

    public long errors() {
        return errors.get();
    }

    /** The summary as printed at the end of a run. */
    public String summary(double elapsedSeconds) {
        StringBuilder b = new StringBuilder();
        long total = createdTotal();
        b.append(String.format("Simulated %.0f s: %d cases created", elapsedSeconds, total));
        if (backfilled.sum() > 0) {
            b.append(" (").append(backfilled.sum()).append(" by the backfill)");
        }
        b.append('\n').append("  by channel:");
        createdByChannel().forEach((c, n) -> b.append(String.format(" %s %d (%.0f%%)", c.key(), n, 100.0 * n / Math.max(1, total))));
        b.append('\n').append("  by status (last seen):");
        byStatus().forEach((s, n) -> b.append(' ').append(s).append(' ').append(n));
        long late = overdue.values().stream().filter(Boolean::booleanValue).count();
        b.append('\n').append("  overdue (last seen): ").append(late);
        b.append('\n').append("  steps taken:");
        actions().forEach((a, n) -> b.append(' ').append(a).append(' ').append(n));
        b.append('\n').append("  photos uploaded: ").append(photos.sum());
        b.append('\n').append("  errors: ").append(errors.get());
        errorSamples.forEach(e -> b.append('\n').append("    ").append(e));
        return b.toString();
    }
}
