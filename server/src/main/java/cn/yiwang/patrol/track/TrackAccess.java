package cn.yiwang.patrol.track;

import cn.yiwang.security.Caller;
import cn.yiwang.security.Role;

/**
 * Who may read whose raw patrol track. Pure and stateless.
 *
 * <ul>
 * <li>everyone their own track;</li>
 * <li>a grid worker nobody else's (403);</li>
 * <li>desk roles (dispatcher, ops, admin) the workers whose own level-3 grid (else their scope) lies in
 * their scope: a street's dispatcher that street's workers, a district's ops center the district's, a
 * city-scoped admin everyone; a worker outside the scope is answered as unknown (404), so that names
 * outside one's scope cannot be probed;</li>
 * <li>departments, planners and analysts no raw track (403): analysts work on the per-day results.</li>
 * </ul>
 */
public final class TrackAccess {

    /** The outcome of a check. */
    public enum Verdict {
        ALLOWED, NOT_OWN, OUT_OF_SCOPE, ROLE
    }

    private TrackAccess() {
    }

    /**
     * @param workerId       the user whose track is asked for
     * @param visibilityGrid the worker's own level-3 grid, else their scope
     */
    public static Verdict check(Caller caller, long workerId, String visibilityGrid) {
        if (caller.userId() == workerId) {
            return Verdict.ALLOWED;
        }
        if (caller.role() == Role.GRID_WORKER) {
            return Verdict.NOT_OWN;
        }
        if (!caller.isDesk()) {
            return Verdict.ROLE;
        }
        return caller.covers(visibilityGrid) ? Verdict.ALLOWED : Verdict.OUT_OF_SCOPE;
    }

    /** Whether the caller's role may read other workers' tracks at all (desk roles). */
    public static boolean readsOthers(Caller caller) {
        return caller.isDesk();
    }
}
