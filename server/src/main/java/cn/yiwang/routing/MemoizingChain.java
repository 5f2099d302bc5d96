package cn.yiwang.routing;

import io.micronaut.core.annotation.Nullable;

/**
 * A grid chain that remembers one answer derived from it, such as its on-duty worker, for as long
 * as the source of that answer is unchanged. The routing snapshot's chains implement it (one per
 * micro grid), so a {@link ResponsibilityLookup} that would walk the chain for every routed point
 * walks it once per chain and source version. Thread-safe: a racing second writer only repeats the
 * same work.
 */
public interface MemoizingChain {

    /** The value remembered under {@code key} (compared by identity), or null when there is none. */
    @Nullable
    Object remembered(Object key);

    /** Remembers {@code value} under {@code key}, replacing what was remembered before. */
    void remember(Object key, Object value);
}
