package cn.yiwang.cases;

import java.util.List;

/**
 * Rebuilds a case from its events alone: the {@code created} event gives the first version, each
 * later event applies its changes and bumps the version. The service writes rows through the same
 * {@link #apply} so a row and its history cannot disagree; a test replays stored events to prove it.
 */
public final class CaseProjector {

    private CaseProjector() {
    }

    public static CaseState apply(CaseState state, CaseEvent event) {
        if (CaseEvent.CREATED.equals(event.type())) {
            if (state != null) {
                throw new IllegalArgumentException("case " + event.caseId() + " is created twice (seq " + event.seq() + ")");
            }
            return new CaseState(event.caseId(), 1, event.at(), event.at(), event.changes());
        }
        if (state == null) {
            throw new IllegalArgumentException("case " + event.caseId() + ": first event is '" + event.type() + "', not 'created'");
        }
        if (event.seq() != state.version() + 1) {
            throw new IllegalArgumentException("case " + event.caseId() + ": event seq " + event.seq() + " after version " + state.version());
        }
        return state.with(event.changes(), event.at());
    }

    /** Folds the events of one case, in seq order. */
    public static CaseState replay(List<CaseEvent> events) {
        CaseState state = null;
        for (CaseEvent e : events) {
            state = apply(state, e);
        }
        if (state == null) {
            throw new IllegalArgumentException("no events");
        }
        return state;
    }
}
