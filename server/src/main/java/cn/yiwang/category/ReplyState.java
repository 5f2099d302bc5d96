package cn.yiwang.category;

import java.util.Optional;

/**
 * The workflow states that have a canned reply to the reporter: accepted (受理), rejected (不予受理),
 * dispatched (派遣), returned (回退, the department says "not ours"), handled (处置完成, awaiting
 * verification) and closed (结案).
 */
public enum ReplyState {
    ACCEPTED, REJECTED, DISPATCHED, RETURNED, HANDLED, CLOSED;

    public String key() {
        return Keyed.key(this);
    }

    public static Optional<ReplyState> fromKey(String key) {
        return Keyed.fromKey(ReplyState.class, key);
    }
}
