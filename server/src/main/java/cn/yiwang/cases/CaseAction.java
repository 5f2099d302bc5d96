package cn.yiwang.cases;

import static cn.yiwang.cases.CaseStatus.ACCEPTED;
import static cn.yiwang.cases.CaseStatus.CLOSED;
import static cn.yiwang.cases.CaseStatus.CONSULTING;
import static cn.yiwang.cases.CaseStatus.DISPATCHED;
import static cn.yiwang.cases.CaseStatus.ESCALATED;
import static cn.yiwang.cases.CaseStatus.EVALUATED;
import static cn.yiwang.cases.CaseStatus.EXTENSION_REQUESTED;
import static cn.yiwang.cases.CaseStatus.HANDLED;
import static cn.yiwang.cases.CaseStatus.IN_PROGRESS;
import static cn.yiwang.cases.CaseStatus.MERGED;
import static cn.yiwang.cases.CaseStatus.REGISTERED;
import static cn.yiwang.cases.CaseStatus.REJECTED;
import static cn.yiwang.cases.CaseStatus.REPORTED;
import static cn.yiwang.cases.CaseStatus.RETURNED;
import static cn.yiwang.cases.CaseStatus.SUSPENDED;
import static cn.yiwang.cases.CaseStatus.VERIFICATION_FAILED;
import static cn.yiwang.cases.CaseStatus.VERIFIED;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The legal transitions of the closed loop: from which states, to which state, by whom
 * ({@link Actor}) and what the request must carry. {@link CaseWorkflow} enforces them.
 */
public enum CaseAction {
    ACCEPT("受理", EnumSet.of(REPORTED), ACCEPTED, Actor.DESK, false),
    REJECT("不予受理", EnumSet.of(REPORTED), REJECTED, Actor.DESK, true),
    MERGE("合并重复件", EnumSet.of(REPORTED, ACCEPTED), MERGED, Actor.DESK, false),
    REGISTER("立案", EnumSet.of(ACCEPTED), REGISTERED, Actor.DESK, false),
    DISPATCH("派遣", EnumSet.of(REGISTERED, RETURNED, ESCALATED, VERIFICATION_FAILED), DISPATCHED, Actor.DESK, false),
    START("开始处置", EnumSet.of(DISPATCHED), IN_PROGRESS, Actor.HANDLER, false),
    RETURN("回退", EnumSet.of(DISPATCHED, IN_PROGRESS), RETURNED, Actor.HANDLER, true),
    REQUEST_EXTENSION("申请延期", EnumSet.of(IN_PROGRESS), EXTENSION_REQUESTED, Actor.HANDLER, true),
    GRANT_EXTENSION("批准延期", EnumSet.of(EXTENSION_REQUESTED), IN_PROGRESS, Actor.DESK, false),
    DENY_EXTENSION("驳回延期", EnumSet.of(EXTENSION_REQUESTED), IN_PROGRESS, Actor.DESK, true),
    SUSPEND("缓办", EnumSet.of(DISPATCHED, IN_PROGRESS), SUSPENDED, Actor.DESK, true),
    RESUME("恢复办理", EnumSet.of(SUSPENDED), IN_PROGRESS, Actor.DESK, false),
    ESCALATE("上报上级", EnumSet.of(REGISTERED, DISPATCHED, IN_PROGRESS, RETURNED), ESCALATED, Actor.DESK_OR_HANDLER, true),
    HANDLE("处置完毕", EnumSet.of(IN_PROGRESS), HANDLED, Actor.HANDLER, true),
    VERIFY("核查通过", EnumSet.of(HANDLED), VERIFIED, Actor.VERIFIER, false),
    FAIL_VERIFICATION("核查不通过", EnumSet.of(HANDLED), VERIFICATION_FAILED, Actor.VERIFIER, true),
    CLOSE("结案", EnumSet.of(VERIFIED), CLOSED, Actor.DESK, false),
    EVALUATE("评价", EnumSet.of(CLOSED), EVALUATED, Actor.DESK, false),
    REOPEN("重新立案", EnumSet.of(CLOSED, EVALUATED), REGISTERED, Actor.DESK, true),
    SELF_HANDLE("自处置结案", EnumSet.of(REPORTED, ACCEPTED, REGISTERED, DISPATCHED), CLOSED, Actor.REPORTING_WORKER, true),
    /** Confirms the routed grid of a case whose accuracy circle reached neighbours (they stop seeing it). */
    CONFIRM_GRID("确认网格", Open.STATES, null, Actor.DESK, false),
    /** Moves a case to another micro grid (one click from the suggested alternatives); re-routes its chain. */
    MOVE_GRID("改派网格", Open.STATES, null, Actor.DESK, false),
    /** Opens a consultation (会商) for a 三跨 case: one task per co-handling department or grid. */
    CONSULT("发起会商", EnumSet.of(REGISTERED, RETURNED, ESCALATED, DISPATCHED, IN_PROGRESS), CONSULTING, Actor.DESK, true);

    /** Who may take an action, beyond holding a role that can see the case. */
    public enum Actor {
        /** Dispatchers and the ops center (and admins). */
        DESK,
        /** The case's handler: the assigned grid worker, or a member of the assigned department. */
        HANDLER,
        DESK_OR_HANDLER,
        /** A grid worker whose scope covers the case (the level-3 grid's worker verifies on site), or the desk. */
        VERIFIER,
        /** The grid worker who reported the case, when its category allows 自处置. */
        REPORTING_WORKER
    }

    /** Every state in which a case is still worked on. */
    private static final class Open {
        static final Set<CaseStatus> STATES = EnumSet.of(REPORTED, ACCEPTED, REGISTERED, DISPATCHED, IN_PROGRESS, HANDLED, VERIFIED,
                VERIFICATION_FAILED, RETURNED, EXTENSION_REQUESTED, ESCALATED, SUSPENDED, CaseStatus.CONSULTING);
    }

    private final String nameZh;
    private final Set<CaseStatus> from;
    private final CaseStatus to;
    private final Actor actor;
    private final boolean commentRequired;

    CaseAction(String nameZh, Set<CaseStatus> from, CaseStatus to, Actor actor, boolean commentRequired) {
        this.nameZh = nameZh;
        this.from = from;
        this.to = to;
        this.actor = actor;
        this.commentRequired = commentRequired;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String nameZh() {
        return nameZh;
    }

    public Set<CaseStatus> from() {
        return from;
    }

    /** The state after the step, or null when the step leaves the state as it is. */
    public CaseStatus to() {
        return to;
    }

    public Actor actor() {
        return actor;
    }

    public boolean commentRequired() {
        return commentRequired;
    }

    public static CaseAction fromKey(String key) {
        for (CaseAction a : values()) {
            if (a.key().equals(key)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown action '" + key + "'");
    }
}
