package cn.yiwang.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import cn.yiwang.security.Caller;
import cn.yiwang.security.Role;

class CaseWorkflowTest {

    static final Instant T0 = Instant.parse("2026-11-20T02:00:00Z");
    static final Caller DESK = new Caller("dispatcher", 2, Role.DISPATCHER, "410103001", null);
    static final Caller WORKER = new Caller("worker", 4, Role.GRID_WORKER, "410103001004", null);
    static final Caller OTHER_WORKER = new Caller("gw2", 99, Role.GRID_WORKER, "410103002001", null);
    static final Caller DEPT = new Caller("dept", 5, Role.DEPARTMENT, "410103", "urban_mgmt_squad");
    static final Caller ANALYST = new Caller("analyst", 7, Role.ANALYST, "410103", null);

    /** Calendar hours: due = start + 8 h; extensions add wall-clock time. */
    static final DeadlinePolicy EIGHT_HOURS = new DeadlinePolicy() {
        @Override
        public Instant due(String categoryCode, Instant start) {
            return start.plus(Duration.ofHours(8));
        }

        @Override
        public Instant extendByPause(String categoryCode, Instant due, Instant pausedFrom, Instant pausedTo) {
            return due.plus(Duration.between(pausedFrom, pausedTo));
        }

        @Override
        public Instant extendByWorkingHours(Instant due, double workingHours) {
            return due.plusSeconds((long) (workingHours * 3600));
        }
    };

    static CaseState caseIn(CaseStatus status, Map<CaseColumn, Object> extra) {
        EnumMap<CaseColumn, Object> v = new EnumMap<>(CaseColumn.class);
        v.put(CaseColumn.CODE, "EQ-20261120-000001");
        v.put(CaseColumn.CATEGORY_CODE, "SRHJ-01");
        v.put(CaseColumn.STATUS, status.key());
        v.put(CaseColumn.GRID_CODE, "410103001004001001");
        v.put(CaseColumn.CREATED_BY, "worker");
        v.putAll(extra);
        return new CaseState(1, 3, T0, T0, v);
    }

    static Map<CaseColumn, Object> run(CaseState c, CaseAction a, Caller who, CaseWorkflow.Input in) {
        return CaseWorkflow.changes(c, a, who, in, T0, EIGHT_HOURS, false);
    }

    @ParameterizedTest
    @EnumSource(CaseAction.class)
    void everyActionIsRefusedFromAStateOutsideItsList(CaseAction action) {
        for (CaseStatus s : CaseStatus.values()) {
            if (!action.from().contains(s)) {
                CaseRuleException e = assertThrows(CaseRuleException.class,
                        () -> CaseWorkflow.changes(caseIn(s, Map.of()), action, DESK, CaseWorkflow.Input.comment("x"), T0, EIGHT_HOURS, true));
                assertEquals(CaseRuleException.Kind.ILLEGAL_TRANSITION, e.kind(), action + " from " + s);
                assertTrue(e.getMessage().contains(s.key()), e.getMessage());
            }
        }
    }

    @Test
    void dispatchStartsTheClockAtDispatchTime() {
        Map<CaseColumn, Object> set = run(caseIn(CaseStatus.REGISTERED, Map.of()), CaseAction.DISPATCH, DESK,
                new CaseWorkflow.Input(null, "department", null, "urban_mgmt_squad", null, null, null, List.of()));
        assertEquals("dispatched", set.get(CaseColumn.STATUS));
        assertEquals(T0, set.get(CaseColumn.DISPATCHED_AT));
        assertEquals(T0.plus(Duration.ofHours(8)), set.get(CaseColumn.DEADLINE_AT));
        assertEquals("urban_mgmt_squad", set.get(CaseColumn.DEPARTMENT_CODE));
    }

    @Test
    void dispatchWithoutATargetNamesTheMissingField() {
        CaseRuleException e = assertThrows(CaseRuleException.class, () -> run(caseIn(CaseStatus.REGISTERED, Map.of()),
                CaseAction.DISPATCH, DESK, new CaseWorkflow.Input(null, "department", null, null, null, null, null, List.of())));
        assertEquals("departmentCode", e.field());
    }

    @Test
    void onlyTheAssignedDepartmentMayHandle() {
        CaseState c = caseIn(CaseStatus.IN_PROGRESS, Map.of(CaseColumn.HANDLER_KIND, "department", CaseColumn.DEPARTMENT_CODE, "traffic_police"));
        CaseRuleException e = assertThrows(CaseRuleException.class, () -> run(c, CaseAction.HANDLE, DEPT, CaseWorkflow.Input.comment("done")));
        assertEquals(CaseRuleException.Kind.FORBIDDEN, e.kind());
        CaseState mine = caseIn(CaseStatus.IN_PROGRESS, Map.of(CaseColumn.HANDLER_KIND, "department", CaseColumn.DEPARTMENT_CODE, "urban_mgmt_squad"));
        assertEquals("handled", run(mine, CaseAction.HANDLE, DEPT, CaseWorkflow.Input.comment("done")).get(CaseColumn.STATUS));
    }

    @Test
    void handlingNeedsAComment() {
        CaseState c = caseIn(CaseStatus.IN_PROGRESS, Map.of(CaseColumn.HANDLER_KIND, "grid_worker", CaseColumn.ASSIGNEE_ID, 4L));
        CaseRuleException e = assertThrows(CaseRuleException.class, () -> run(c, CaseAction.HANDLE, WORKER, CaseWorkflow.Input.comment(" ")));
        assertEquals("comment", e.field());
    }

    @Test
    void aGridWorkerVerifiesOnlyInsideTheirScope() {
        CaseState c = caseIn(CaseStatus.HANDLED, Map.of());
        assertEquals("verified", run(c, CaseAction.VERIFY, WORKER, CaseWorkflow.Input.comment(null)).get(CaseColumn.STATUS));
        assertEquals(CaseRuleException.Kind.FORBIDDEN, assertThrows(CaseRuleException.class,
                () -> run(c, CaseAction.VERIFY, OTHER_WORKER, CaseWorkflow.Input.comment(null))).kind());
    }

    @Test
    void failedVerificationThenRedispatchCountsRework() {
        CaseState failed = caseIn(CaseStatus.VERIFICATION_FAILED, Map.of(CaseColumn.REWORK_COUNT, 1));
        Map<CaseColumn, Object> set = run(failed, CaseAction.DISPATCH, DESK,
                new CaseWorkflow.Input(null, "grid_worker", 4L, null, null, null, null, List.of()));
        assertEquals(2, set.get(CaseColumn.REWORK_COUNT));
    }

    @Test
    void secondReturnMakesTheCaseSankua() {
        CaseState c = caseIn(CaseStatus.DISPATCHED, Map.of(CaseColumn.HANDLER_KIND, "department", CaseColumn.DEPARTMENT_CODE,
                "urban_mgmt_squad", CaseColumn.RETURN_COUNT, 1));
        Map<CaseColumn, Object> set = run(c, CaseAction.RETURN, DEPT, CaseWorkflow.Input.comment("不属于本单位职责"));
        assertEquals(true, set.get(CaseColumn.SANKUA));
        assertEquals(List.of(CaseWorkflow.SANKUA_RETURNED_TWICE), set.get(CaseColumn.SANKUA_REASONS));
        CaseState first = caseIn(CaseStatus.DISPATCHED, Map.of(CaseColumn.HANDLER_KIND, "department", CaseColumn.DEPARTMENT_CODE, "urban_mgmt_squad"));
        assertFalse(run(first, CaseAction.RETURN, DEPT, CaseWorkflow.Input.comment("x")).containsKey(CaseColumn.SANKUA));
    }

    @Test
    void resumingASuspendedCaseMovesTheDeadlineByThePause() {
        Instant due = T0.plus(Duration.ofHours(2));
        Instant pausedAt = T0.minus(Duration.ofHours(5));
        CaseState c = caseIn(CaseStatus.SUSPENDED, Map.of(CaseColumn.DEADLINE_AT, due, CaseColumn.PAUSED_SINCE, pausedAt));
        Map<CaseColumn, Object> set = run(c, CaseAction.RESUME, DESK, CaseWorkflow.Input.comment(null));
        assertEquals(due.plus(Duration.ofHours(5)), set.get(CaseColumn.DEADLINE_AT));
        assertTrue(set.containsKey(CaseColumn.PAUSED_SINCE) && set.get(CaseColumn.PAUSED_SINCE) == null);
    }

    @Test
    void evaluationNeedsASatisfactionFromOneToFive() {
        CaseState c = caseIn(CaseStatus.CLOSED, Map.of());
        for (Integer bad : new Integer[] {null, 0, 6}) {
            assertEquals("satisfaction", assertThrows(CaseRuleException.class, () -> run(c, CaseAction.EVALUATE, DESK,
                    new CaseWorkflow.Input(null, null, null, null, null, null, bad, List.of()))).field());
        }
        assertEquals(5, run(c, CaseAction.EVALUATE, DESK, new CaseWorkflow.Input(null, null, null, null, null, null, 5, List.of()))
                .get(CaseColumn.SATISFACTION));
    }

    @Test
    void selfHandlingNeedsTheCategorysPermissionAndAPhoto() {
        CaseState c = caseIn(CaseStatus.REPORTED, Map.of());
        CaseWorkflow.Input withPhoto = new CaseWorkflow.Input("已现场劝离", null, null, null, null, null, null, List.of("a".repeat(64)));
        assertEquals(CaseRuleException.Kind.FORBIDDEN, assertThrows(CaseRuleException.class,
                () -> CaseWorkflow.changes(c, CaseAction.SELF_HANDLE, WORKER, withPhoto, T0, EIGHT_HOURS, false)).kind());
        assertEquals("attachments", assertThrows(CaseRuleException.class, () -> CaseWorkflow.changes(c, CaseAction.SELF_HANDLE, WORKER,
                CaseWorkflow.Input.comment("已现场劝离"), T0, EIGHT_HOURS, true)).field());
        Map<CaseColumn, Object> set = CaseWorkflow.changes(c, CaseAction.SELF_HANDLE, WORKER, withPhoto, T0, EIGHT_HOURS, true);
        assertEquals("closed", set.get(CaseColumn.STATUS));
        assertEquals(4L, set.get(CaseColumn.ASSIGNEE_ID));
    }

    @Test
    void confirmingTheGridIsOfferedOnlyWhenNeighboursWereTold() {
        assertFalse(CaseWorkflow.available(caseIn(CaseStatus.REPORTED, Map.of()), DESK, true).contains(CaseAction.CONFIRM_GRID));
        CaseState c = caseIn(CaseStatus.REPORTED, Map.of(CaseColumn.NEIGHBOUR_CODES, List.of("410103001004001002")));
        assertTrue(CaseWorkflow.available(c, DESK, true).contains(CaseAction.CONFIRM_GRID));
        Map<CaseColumn, Object> set = run(c, CaseAction.CONFIRM_GRID, DESK, CaseWorkflow.Input.comment(null));
        assertEquals(List.of(), set.get(CaseColumn.NEIGHBOUR_CODES));
        assertFalse(set.containsKey(CaseColumn.STATUS), "the state stays");
    }

    @Test
    void aConsultationWithTwoDepartmentsMarksTheCaseSankua() {
        CaseState c = caseIn(CaseStatus.REGISTERED, Map.of());
        List<CaseWorkflow.Task> tasks = List.of(new CaseWorkflow.Task("department", "power_supply", null),
                new CaseWorkflow.Task("department", "housing_bureau", null));
        Map<CaseColumn, Object> set = run(c, CaseAction.CONSULT, DESK,
                new CaseWorkflow.Input("加装电梯涉及供电与住建", null, null, null, null, null, null, List.of(), null, tasks));
        assertEquals("consulting", set.get(CaseColumn.STATUS));
        assertEquals(List.of(CaseWorkflow.SANKUA_MULTI_DEPARTMENT), set.get(CaseColumn.SANKUA_REASONS));
        assertEquals("tasks", assertThrows(CaseRuleException.class, () -> run(c, CaseAction.CONSULT, DESK,
                new CaseWorkflow.Input("x", null, null, null, null, null, null, List.of(), null, tasks.subList(0, 1)))).field());
    }

    @Test
    void analystsMayNotActAtAll() {
        for (CaseStatus s : CaseStatus.values()) {
            assertEquals(List.of(), CaseWorkflow.available(caseIn(s, Map.of()), ANALYST, true), s.key());
        }
    }

    @Test
    void theDeskSeesTheQueueActionsOfAReportedCase() {
        assertEquals(List.of(CaseAction.ACCEPT, CaseAction.REJECT, CaseAction.MERGE, CaseAction.MOVE_GRID),
                CaseWorkflow.available(caseIn(CaseStatus.REPORTED, Map.of()), DESK, true));
    }
}
