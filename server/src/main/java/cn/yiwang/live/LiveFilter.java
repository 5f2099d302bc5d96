package cn.yiwang.live;

import java.util.Set;
import java.util.function.LongFunction;

import cn.yiwang.security.Caller;
import cn.yiwang.security.Role;

/**
 * Which events one stream receives: the topics it asked for, and, within them, what the caller may
 * see, by the same rule as the case API ({@code CaseService.visible}) applied to {@code scope}, the
 * caller's grid scope or a narrower one the stream asked for. Grid boundary changes go to everyone
 * (boundaries are not personal); an instruction goes to its recipients, its sender, and the desk
 * roles whose scope covers its target. Immutable.
 *
 * @param scope a grid code inside the caller's scope (checked by the controller)
 */
public record LiveFilter(Caller caller, String scope, Set<LiveTopic> topics) {

    public LiveFilter {
        topics = Set.copyOf(topics);
    }

    /**
     * @param recipients the user ids an instruction is addressed to (by instruction id)
     */
    public boolean accepts(LiveEvent e, LongFunction<Set<Long>> recipients) {
        if (!topics.contains(e.topic())) {
            return false;
        }
        return switch (e.topic()) {
            case CASES -> caseVisible(e);
            case GRIDS -> true;
            case INSTRUCTIONS -> caller.username().equals(e.actor())
                    || (caller.isDesk() && covers(e.gridCode()))
                    || ("instruction.sent".equals(e.type()) && e.instructionId() != null
                        && recipients.apply(e.instructionId()).contains(caller.userId()));
            case PATROL, POPULATION -> covers(e.gridCode());
        };
    }

    private boolean caseVisible(LiveEvent e) {
        String grid = e.gridCode();
        if (caller.role() == Role.DEPARTMENT) {
            return caller.departmentCode() != null && caller.departmentCode().equals(e.departmentCode())
                    && (grid == null || covers(grid));
        }
        // A stream narrowed to part of the caller's scope shows that part only, not the caller's own
        // reports elsewhere nor the unassigned queue.
        boolean whole = scope.equals(caller.scope());
        boolean own = whole && caller.username().equals(e.actor());
        if (grid == null) {
            // The unassigned queue belongs to the ops center.
            return (whole && (caller.role() == Role.OPS || caller.role() == Role.ADMIN)) || own;
        }
        return covers(grid) || own || e.neighbourCodes().stream().anyMatch(this::covers);
    }

    private boolean covers(String code) {
        return code != null && code.startsWith(scope);
    }
}
