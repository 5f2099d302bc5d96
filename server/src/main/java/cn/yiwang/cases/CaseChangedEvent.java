package cn.yiwang.cases;

import io.micronaut.core.annotation.Nullable;

/**
 * Published after a case change commits (for the live stream and caches). {@code state}, when
 * given, is the row exactly as that change committed it (the fold of its events), so listeners need
 * not read it back; it is null where the publisher does not hold it (listeners then read the case).
 * Listeners must not let an older state overwrite a newer one: two changes of one case may reach
 * them out of order, so compare {@link CaseState#version()}.
 */
public record CaseChangedEvent(long caseId, String type, @Nullable CaseState state) {

    public CaseChangedEvent(long caseId, String type) {
        this(caseId, type, null);
    }
}
