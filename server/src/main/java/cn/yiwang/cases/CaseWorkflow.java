package cn.yiwang.cases;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import cn.yiwang.cases.CaseRuleException.Kind;
import cn.yiwang.security.Caller;
import cn.yiwang.security.Role;
import io.micronaut.core.annotation.Nullable;

/**
 * The closed-loop state machine. {@link #changes} checks that an action is legal in the case's state
 * and that the caller may take it, then says which fields the step sets. No I/O: the service loads
 * the case, calls this, and writes the event and the row in one transaction.
 */
public final class CaseWorkflow {

    /** Returned twice by departments ("not ours") makes a case a 三跨 difficult case. */
    public static final int RETURNS_FOR_SANKUA = 2;
    public static final String SANKUA_RETURNED_TWICE = "returned_twice";
    public static final String SANKUA_CROSS_DISTRICT = "cross_district";
    public static final String SANKUA_MULTI_DEPARTMENT = "multi_department";

    /** One co-handling task of a consultation (会商): a department, or a grid worker. */
    public record Task(String handlerKind, @Nullable String departmentCode, @Nullable Long assigneeId) {
    }

    /** What a step was asked with. */
    public record Input(@Nullable String comment, @Nullable String handlerKind, @Nullable Long assigneeId,
                        @Nullable String departmentCode, @Nullable Long mergeInto, @Nullable Double extensionHours,
                        @Nullable Integer satisfaction, List<String> attachments, @Nullable String gridCode, List<Task> tasks) {

        public Input {
            attachments = attachments == null ? List.of() : List.copyOf(attachments);
            tasks = tasks == null ? List.of() : List.copyOf(tasks);
        }

        public Input(@Nullable String comment, @Nullable String handlerKind, @Nullable Long assigneeId, @Nullable String departmentCode,
                     @Nullable Long mergeInto, @Nullable Double extensionHours, @Nullable Integer satisfaction, List<String> attachments) {
            this(comment, handlerKind, assigneeId, departmentCode, mergeInto, extensionHours, satisfaction, attachments, null, List.of());
        }

        public static Input comment(@Nullable String comment) {
            return new Input(comment, null, null, null, null, null, null, List.of());
        }
    }

    private CaseWorkflow() {
    }

    /** The actions {@code caller} may take on the case now (for the UI's buttons). */
    public static List<CaseAction> available(CaseState c, Caller caller, boolean selfHandleAllowed) {
        List<CaseAction> actions = new ArrayList<>();
        for (CaseAction a : CaseAction.values()) {
            if (a == CaseAction.CONFIRM_GRID && c.list(CaseColumn.NEIGHBOUR_CODES).isEmpty()) {
                continue;
            }
            if (a.from().contains(c.status()) && mayAct(c, a, caller, selfHandleAllowed)) {
                actions.add(a);
            }
        }
        return actions;
    }

    /**
     * The fields {@code action} sets on {@code c} (always including the new status).
     *
     * @throws CaseRuleException ILLEGAL_TRANSITION when the state does not allow it, FORBIDDEN when the
     *                           caller may not take it, INVALID_INPUT when a required input is missing
     */
    public static Map<CaseColumn, Object> changes(CaseState c, CaseAction action, Caller caller, Input in, Instant now,
                                                  DeadlinePolicy deadlines, boolean selfHandleAllowed) {
        CaseStatus status = c.status();
        if (!action.from().contains(status)) {
            throw new CaseRuleException(Kind.ILLEGAL_TRANSITION, "Action '" + action.key() + "' (" + action.nameZh()
                    + ") is not allowed while case " + c.text(CaseColumn.CODE) + " is '" + status.key() + "'; allowed from: "
                    + action.from().stream().map(CaseStatus::key).sorted().collect(Collectors.joining(", ")) + ".", null);
        }
        if (!mayAct(c, action, caller, selfHandleAllowed)) {
            throw new CaseRuleException(Kind.FORBIDDEN, forbiddenReason(c, action, caller, selfHandleAllowed), null);
        }
        if (action.commentRequired() && (in.comment() == null || in.comment().isBlank())) {
            throw new CaseRuleException(Kind.INVALID_INPUT, "Action '" + action.key() + "' needs a comment (why).", "comment");
        }
        EnumMap<CaseColumn, Object> set = new EnumMap<>(CaseColumn.class);
        if (action.to() != null) {
            set.put(CaseColumn.STATUS, action.to().key());
        }
        String category = c.text(CaseColumn.CATEGORY_CODE);
        switch (action) {
            case MERGE -> {
                if (in.mergeInto() == null) {
                    throw new CaseRuleException(Kind.INVALID_INPUT, "Action 'merge' needs 'mergeInto': the id of the case this one duplicates.", "mergeInto");
                }
                if (in.mergeInto() == c.id()) {
                    throw new CaseRuleException(Kind.INVALID_INPUT, "A case cannot be merged into itself.", "mergeInto");
                }
                set.put(CaseColumn.MERGED_INTO, in.mergeInto());
            }
            case DISPATCH -> {
                dispatchTarget(in, set);
                set.put(CaseColumn.DISPATCHED_AT, now);
                set.put(CaseColumn.DEADLINE_AT, deadlines.due(category, now));
                set.put(CaseColumn.PAUSED_SINCE, null);
                set.put(CaseColumn.OVERDUE, false);
                if (status == CaseStatus.VERIFICATION_FAILED) {
                    set.put(CaseColumn.REWORK_COUNT, c.integer(CaseColumn.REWORK_COUNT) + 1);
                }
            }
            case RETURN -> {
                int returns = c.integer(CaseColumn.RETURN_COUNT) + 1;
                set.put(CaseColumn.RETURN_COUNT, returns);
                if (returns >= RETURNS_FOR_SANKUA) {
                    set.put(CaseColumn.SANKUA, true);
                    set.put(CaseColumn.SANKUA_REASONS, withReason(c.list(CaseColumn.SANKUA_REASONS), SANKUA_RETURNED_TWICE));
                }
            }
            case REQUEST_EXTENSION -> requireHours(in);
            case GRANT_EXTENSION -> {
                requireHours(in);
                Instant due = c.instant(CaseColumn.DEADLINE_AT);
                if (due != null) {
                    Instant extended = deadlines.extendByWorkingHours(due, in.extensionHours());
                    set.put(CaseColumn.DEADLINE_AT, extended);
                    if (extended.isAfter(now)) {
                        set.put(CaseColumn.OVERDUE, false);
                    }
                }
            }
            case SUSPEND -> {
                set.put(CaseColumn.PAUSED_SINCE, now);
                set.put(CaseColumn.DEFERRED_COUNT, c.integer(CaseColumn.DEFERRED_COUNT) + 1);
            }
            case RESUME -> {
                Instant due = c.instant(CaseColumn.DEADLINE_AT);
                Instant paused = c.instant(CaseColumn.PAUSED_SINCE);
                if (due != null && paused != null) {
                    set.put(CaseColumn.DEADLINE_AT, deadlines.extendByPause(category, due, paused, now));
                }
                set.put(CaseColumn.PAUSED_SINCE, null);
            }
            case HANDLE -> set.put(CaseColumn.HANDLED_AT, now);
            case FAIL_VERIFICATION -> set.put(CaseColumn.HANDLED_AT, null);
            case CLOSE -> set.put(CaseColumn.CLOSED_AT, now);
            case EVALUATE -> {
                if (in.satisfaction() == null || in.satisfaction() < 1 || in.satisfaction() > 5) {
                    throw new CaseRuleException(Kind.INVALID_INPUT, "Action 'evaluate' needs 'satisfaction' from 1 (very dissatisfied) to 5 (very satisfied).", "satisfaction");
                }
                set.put(CaseColumn.SATISFACTION, in.satisfaction());
                set.put(CaseColumn.EVALUATED_AT, now);
            }
            case REOPEN -> {
                set.put(CaseColumn.REOPEN_COUNT, c.integer(CaseColumn.REOPEN_COUNT) + 1);
                set.put(CaseColumn.CLOSED_AT, null);
                set.put(CaseColumn.EVALUATED_AT, null);
                set.put(CaseColumn.SATISFACTION, null);
                set.put(CaseColumn.HANDLED_AT, null);
                set.put(CaseColumn.CLOSURE_REVIEW, false);
            }
            case SELF_HANDLE -> {
                if (in.attachments().isEmpty()) {
                    throw new CaseRuleException(Kind.INVALID_INPUT, "Self-handling (自处置) needs a photo of the result in 'attachments'.", "attachments");
                }
                set.put(CaseColumn.HANDLER_KIND, "grid_worker");
                set.put(CaseColumn.ASSIGNEE_ID, caller.userId());
                set.put(CaseColumn.DEPARTMENT_CODE, null);
                // A patrol report is dispatched at once (to its reporter, as a rule): its clock started then.
                if (c.instant(CaseColumn.DISPATCHED_AT) == null) {
                    set.put(CaseColumn.DISPATCHED_AT, now);
                    set.put(CaseColumn.DEADLINE_AT, deadlines.due(category, now));
                }
                set.put(CaseColumn.HANDLED_AT, now);
                set.put(CaseColumn.CLOSED_AT, now);
            }
            case CONFIRM_GRID -> set.put(CaseColumn.NEIGHBOUR_CODES, List.of());
            case MOVE_GRID -> {
                if (in.gridCode() == null || in.gridCode().isBlank()) {
                    throw new CaseRuleException(Kind.INVALID_INPUT, "Action 'move_grid' needs 'gridCode': the micro grid the case belongs to.", "gridCode");
                }
            }
            case CONSULT -> {
                if (in.tasks().size() < 2) {
                    throw new CaseRuleException(Kind.INVALID_INPUT, "A consultation (会商) needs at least two co-handling tasks in 'tasks'.", "tasks");
                }
                List<String> reasons = c.list(CaseColumn.SANKUA_REASONS);
                long departments = in.tasks().stream().map(Task::departmentCode).filter(Objects::nonNull).distinct().count();
                if (departments >= 2) {
                    reasons = withReason(reasons, SANKUA_MULTI_DEPARTMENT);
                }
                set.put(CaseColumn.SANKUA, true);
                set.put(CaseColumn.SANKUA_REASONS, reasons);
            }
            default -> {
                // MOVE_GRID and CONSULT set their fields in the service (routing, tasks); ACCEPT, REJECT, REGISTER, START, DENY_EXTENSION, ESCALATE, VERIFY: the status is the change.
            }
        }
        return set;
    }

    private static void dispatchTarget(Input in, Map<CaseColumn, Object> set) {
        String kind = in.handlerKind();
        if ("grid_worker".equals(kind)) {
            if (in.assigneeId() == null) {
                throw new CaseRuleException(Kind.INVALID_INPUT, "Dispatching to a grid worker needs 'assigneeId'.", "assigneeId");
            }
            set.put(CaseColumn.HANDLER_KIND, kind);
            set.put(CaseColumn.ASSIGNEE_ID, in.assigneeId());
            set.put(CaseColumn.DEPARTMENT_CODE, null);
        } else if ("department".equals(kind)) {
            if (in.departmentCode() == null || in.departmentCode().isBlank()) {
                throw new CaseRuleException(Kind.INVALID_INPUT, "Dispatching to a department needs 'departmentCode'.", "departmentCode");
            }
            // The grid's worker stays the case's responsible person (核查 on site); the department handles it.
            set.put(CaseColumn.HANDLER_KIND, kind);
            set.put(CaseColumn.DEPARTMENT_CODE, in.departmentCode());
        } else {
            throw new CaseRuleException(Kind.INVALID_INPUT, "'handlerKind' must be 'grid_worker' or 'department', not '" + kind + "'.", "handlerKind");
        }
    }

    private static void requireHours(Input in) {
        if (in.extensionHours() == null || !(in.extensionHours() > 0) || in.extensionHours() > 24 * 30) {
            throw new CaseRuleException(Kind.INVALID_INPUT, "'extensionHours' must be a number of working hours above 0 and at most 720.", "extensionHours");
        }
    }

    private static List<String> withReason(List<String> reasons, String reason) {
        if (reasons.contains(reason)) {
            return reasons;
        }
        List<String> next = new ArrayList<>(reasons);
        next.add(reason);
        return next;
    }

    static boolean mayAct(CaseState c, CaseAction action, Caller caller, boolean selfHandleAllowed) {
        return switch (action.actor()) {
            case DESK -> caller.isDesk();
            case HANDLER -> isHandler(c, caller);
            case DESK_OR_HANDLER -> caller.isDesk() || isHandler(c, caller);
            case VERIFIER -> caller.isDesk() || (caller.role() == Role.GRID_WORKER && caller.covers(c.text(CaseColumn.GRID_CODE)));
            case REPORTING_WORKER -> selfHandleAllowed && caller.role() == Role.GRID_WORKER
                    && caller.username().equals(c.text(CaseColumn.CREATED_BY));
        };
    }

    private static boolean isHandler(CaseState c, Caller caller) {
        String kind = c.text(CaseColumn.HANDLER_KIND);
        if ("grid_worker".equals(kind)) {
            return caller.role() == Role.GRID_WORKER && Objects.equals(c.longValue(CaseColumn.ASSIGNEE_ID), caller.userId());
        }
        if ("department".equals(kind)) {
            return caller.role() == Role.DEPARTMENT && caller.departmentCode() != null
                    && caller.departmentCode().equals(c.text(CaseColumn.DEPARTMENT_CODE));
        }
        return false;
    }

    private static String forbiddenReason(CaseState c, CaseAction action, Caller caller, boolean selfHandleAllowed) {
        String who = switch (action.actor()) {
            case DESK -> "a dispatcher or the ops center";
            case HANDLER -> "the case's handler (assigned grid worker or department)";
            case DESK_OR_HANDLER -> "a dispatcher, the ops center or the case's handler";
            case VERIFIER -> "a grid worker of the case's grid, a dispatcher or the ops center";
            case REPORTING_WORKER -> selfHandleAllowed ? "the grid worker who reported the case"
                    : "nobody: category " + c.text(CaseColumn.CATEGORY_CODE) + " may not be self-handled (自处置)";
        };
        return "Action '" + action.key() + "' on case " + c.text(CaseColumn.CODE) + " may only be taken by " + who
                + "; you are '" + caller.username() + "' (" + caller.role().key() + ").";
    }
}
