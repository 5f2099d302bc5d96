package cn.yiwang.live;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.function.LongFunction;

import org.junit.jupiter.api.Test;

import cn.yiwang.security.Caller;
import cn.yiwang.security.Role;

class LiveFilterTest {

    private static final String MICRO = "410103001004001001";
    private static final LongFunction<Set<Long>> RECIPIENTS = id -> id == 7 ? Set.of(11L) : Set.of();

    private static LiveEvent caseEvent(String grid, List<String> neighbours, String dept, String actor) {
        return new LiveEvent(1, LiveTopic.CASES, "case.created", grid, neighbours, dept, actor, null, "test", "{}");
    }

    private static LiveEvent instruction(String type, String target, String sender) {
        return new LiveEvent(2, LiveTopic.INSTRUCTIONS, type, target, List.of(), null, sender, 7L, "test", "{}");
    }

    private static LiveFilter filter(Role role, String scope, String narrowed, String dept, long uid, LiveTopic... topics) {
        return new LiveFilter(new Caller("u" + uid, uid, role, scope, dept), narrowed, topics.length == 0 ? LiveTopic.all() : Set.of(topics));
    }

    @Test
    void aWorkerGetsTheCasesOfItsCommunityOnly() {
        LiveFilter worker = filter(Role.GRID_WORKER, "410103001004", "410103001004", null, 11);
        assertTrue(worker.accepts(caseEvent(MICRO, List.of(), null, "ops"), RECIPIENTS));
        assertFalse(worker.accepts(caseEvent("410103002001001001", List.of(), null, "ops"), RECIPIENTS));
        assertFalse(worker.accepts(caseEvent(null, List.of(), null, "ops"), RECIPIENTS), "the unassigned queue is the ops center's");
    }

    @Test
    void aNeighbouringGridOrOwnReportAlsoShowsTheCase() {
        LiveFilter worker = filter(Role.GRID_WORKER, "410103001004", "410103001004", null, 11);
        assertTrue(worker.accepts(caseEvent("410103001005001001", List.of("410103001004002001"), null, "ops"), RECIPIENTS));
        assertTrue(worker.accepts(caseEvent("410103009001001001", List.of(), null, "u11"), RECIPIENTS));
    }

    @Test
    void aNarrowedScopeDropsOwnReportsElsewhereAndTheUnassignedQueue() {
        LiveFilter ops = filter(Role.OPS, "410103", "410103001", null, 2);
        assertTrue(ops.accepts(caseEvent(MICRO, List.of(), null, "x"), RECIPIENTS));
        assertFalse(ops.accepts(caseEvent("410103009001001001", List.of(), null, "u2"), RECIPIENTS));
        assertFalse(ops.accepts(caseEvent(null, List.of(), null, "x"), RECIPIENTS));
        assertTrue(filter(Role.OPS, "410103", "410103", null, 2).accepts(caseEvent(null, List.of(), null, "x"), RECIPIENTS));
    }

    @Test
    void departmentUsersGetTheirDepartmentsCasesOnly() {
        LiveFilter dept = filter(Role.DEPARTMENT, "410103", "410103", "urban_mgmt_squad", 5);
        assertTrue(dept.accepts(caseEvent(MICRO, List.of(), "urban_mgmt_squad", "x"), RECIPIENTS));
        assertFalse(dept.accepts(caseEvent(MICRO, List.of(), "water", "x"), RECIPIENTS));
    }

    @Test
    void topicsNotAskedForAreDropped() {
        LiveFilter gridsOnly = filter(Role.OPS, "410103", "410103", null, 2, LiveTopic.GRIDS);
        assertFalse(gridsOnly.accepts(caseEvent(MICRO, List.of(), null, "x"), RECIPIENTS));
        assertTrue(gridsOnly.accepts(new LiveEvent(3, LiveTopic.GRIDS, "grid.changed", null, List.of(), null, null, null, "t", "{}"), RECIPIENTS));
    }

    @Test
    void anInstructionGoesToItsRecipientsSenderAndCoveringDeskOnly() {
        LiveEvent sent = instruction("instruction.sent", "410103001004", "ops");
        assertTrue(filter(Role.GRID_WORKER, "410103001004", "410103001004", null, 11).accepts(sent, RECIPIENTS), "recipient");
        assertFalse(filter(Role.GRID_WORKER, "410103001004", "410103001004", null, 12).accepts(sent, RECIPIENTS), "same community, not a recipient");
        assertTrue(new LiveFilter(new Caller("ops", 2, Role.OPS, "410103", null), "410103", LiveTopic.all()).accepts(sent, RECIPIENTS));
        assertFalse(filter(Role.OPS, "410102", "410102", null, 3).accepts(sent, RECIPIENTS), "another district's ops center");
        LiveEvent read = instruction("instruction.read", "410103001004", "ops");
        assertFalse(filter(Role.GRID_WORKER, "410103001004", "410103001004", null, 11).accepts(read, RECIPIENTS), "receipts are not for workers");
    }
}
