package cn.yiwang.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import cn.yiwang.cases.CaseAction;
import cn.yiwang.cases.CaseStatus;

class WorkflowPolicyTest {

    static WorkflowPolicy.Snapshot snapshot(String status, Channel channel, Set<String> taken) {
        return new WorkflowPolicy.Snapshot(status, channel, "normal", "department", "heating_company", true, null,
                Duration.ofHours(12), "urban_mgmt_bureau", taken, false);
    }

    static WorkflowPolicy.Snapshot patrol(String status, boolean selfHandle, Set<String> taken) {
        return new WorkflowPolicy.Snapshot(status, Channel.PATROL, "normal", "grid_worker", "urban_mgmt_squad", true, null,
                Duration.ofHours(4), "urban_mgmt_bureau", taken, selfHandle);
    }

    static Map<String, Integer> outcomes(WorkflowPolicy.Snapshot s, int n) {
        SplittableRandom r = new SplittableRandom(5);
        Map<String, Integer> out = new HashMap<>();
        for (int i = 0; i < n; i++) {
            out.merge(WorkflowPolicy.next(s, r).action(), 1, Integer::sum);
        }
        return out;
    }

    @Test
    void everyStepIsALegalTransitionOfTheServersWorkflow() {
        SplittableRandom r = new SplittableRandom(1);
        for (CaseStatus status : CaseStatus.values()) {
            for (int i = 0; i < 1000; i++) {
                WorkflowPolicy.Snapshot s = i % 2 == 0 ? snapshot(status.key(), Channel.HOTLINE_12345, Set.of()) : patrol(status.key(), true, Set.of());
                WorkflowPolicy.Step step = WorkflowPolicy.next(s, r);
                if (step == null) {
                    continue;
                }
                CaseAction action = CaseAction.fromKey(step.action());
                assertTrue(action.from().contains(status), step.action() + " from " + status.key());
                if (action.commentRequired()) {
                    assertTrue(step.fields().get("comment") instanceof String c && !c.isBlank(), step.action());
                }
                assertTrue(!step.delay().isNegative(), step.action());
            }
        }
    }

    @Test
    void aWorkerSettlesMostOfHisOwnPatrolReportsOnTheSpotWhereTheCategoryAllowsWithAPhoto() {
        Map<String, Integer> allowed = outcomes(patrol("dispatched", true, Set.of()), 20_000);
        assertEquals(WorkflowPolicy.SELF_HANDLE_SHARE, allowed.get("self_handle") / 20_000.0, 0.015, allowed.toString());
        WorkflowPolicy.Step step = WorkflowPolicy.next(patrol("dispatched", true, Set.of()), new SplittableRandom(3));
        for (SplittableRandom r = new SplittableRandom(4); !step.action().equals("self_handle"); ) {
            step = WorkflowPolicy.next(patrol("dispatched", true, Set.of()), r);
        }
        assertEquals(WorkflowPolicy.Actor.REPORTER, step.actor());
        assertTrue(step.photo(), "self-handling needs a photo of the result");
        assertTrue(CaseAction.SELF_HANDLE.from().contains(CaseStatus.DISPATCHED));
        assertFalse(outcomes(patrol("dispatched", false, Set.of()), 5_000).containsKey("self_handle"), "not where the category forbids it");
        assertFalse(outcomes(patrol("dispatched", true, Set.of("start")), 5_000).containsKey("self_handle"), "decided once, at the start");
        assertFalse(outcomes(snapshot("dispatched", Channel.HOTLINE_12345, Set.of()), 5_000).containsKey("self_handle"),
                "only the reporting grid worker self-handles");
    }

    @Test
    void someDispatchedCasesAreSuspendedAndResumedByTheDesk() {
        Map<String, Integer> o = outcomes(snapshot("dispatched", Channel.HOTLINE_12345, Set.of()), 50_000);
        assertEquals(WorkflowPolicy.SUSPEND_SHARE, o.get("suspend") / 50_000.0, 0.004, o.toString());
        assertFalse(outcomes(snapshot("dispatched", Channel.HOTLINE_12345, Set.of("suspend")), 5_000).containsKey("suspend"), "once per case");
        WorkflowPolicy.Step resume = WorkflowPolicy.next(snapshot("suspended", Channel.HOTLINE_12345, Set.of("suspend")), new SplittableRandom(1));
        assertEquals("resume", resume.action());
        assertEquals(WorkflowPolicy.Actor.DESK, resume.actor());
        assertTrue(resume.delay().compareTo(Duration.ofHours(2)) >= 0, "a deferral lasts hours: " + resume.delay());
    }

    @Test
    void someCasesInProgressAreEscalatedAndThenGoToTheDistrictDepartment() {
        Map<String, Integer> o = outcomes(snapshot("in_progress", Channel.HOTLINE_12345, Set.of()), 50_000);
        assertEquals(WorkflowPolicy.ESCALATE_SHARE, o.get("escalate") / 50_000.0, 0.004, o.toString());
        WorkflowPolicy.Step again = WorkflowPolicy.next(snapshot("escalated", Channel.HOTLINE_12345, Set.of("escalate")), new SplittableRandom(1));
        assertEquals("dispatch", again.action());
        assertEquals("urban_mgmt_bureau", again.fields().get("departmentCode"));
    }

    @Test
    void handlersAttachPhotosToMostHandlings() {
        SplittableRandom r = new SplittableRandom(9);
        int handled = 0;
        int withPhoto = 0;
        for (int i = 0; i < 20_000; i++) {
            WorkflowPolicy.Step step = WorkflowPolicy.next(snapshot("in_progress", Channel.HOTLINE_12345, Set.of("request_extension", "escalate")), r);
            if (step.action().equals("handle")) {
                handled++;
                withPhoto += step.photo() ? 1 : 0;
            }
        }
        assertEquals(WorkflowPolicy.HANDLE_PHOTO_SHARE, withPhoto / (double) handled, 0.015);
    }

    @Test
    void reportsComeWithPhotosByChannel() {
        SplittableRandom r = new SplittableRandom(11);
        Map<Channel, Integer> photos = new java.util.EnumMap<>(Channel.class);
        for (Channel c : Channel.values()) {
            for (int i = 0; i < 10_000; i++) {
                if (WorkflowPolicy.photoAtIntake(c, r)) {
                    photos.merge(c, 1, Integer::sum);
                }
            }
        }
        assertEquals(10_000, photos.get(Channel.VIDEO_AI), "a video alert always carries its frame");
        assertEquals(0.85, photos.get(Channel.PATROL) / 10_000.0, 0.02);
        assertEquals(0.5, photos.get(Channel.CITIZEN_APP) / 10_000.0, 0.02);
        assertFalse(photos.containsKey(Channel.HOTLINE_12345), "a phone call has no photo");
    }

    @Test
    void mostReportsAreAcceptedSomeRejected() {
        Map<String, Integer> o = outcomes(snapshot("reported", Channel.HOTLINE_12345, Set.of()), 20_000);
        assertEquals(1 - WorkflowPolicy.REJECT_SHARE, o.get("accept") / 20_000.0, 0.01, o.toString());
        assertEquals(Set.of("accept", "reject"), o.keySet());
    }

    @Test
    void aProposedDuplicateIsMostlyMergedIntoTheEarlierCase() {
        WorkflowPolicy.Snapshot s = new WorkflowPolicy.Snapshot("reported", Channel.CITIZEN_APP, "normal", "department", "urban_mgmt_squad",
                true, 42L, Duration.ofHours(4), "urban_mgmt_bureau", Set.of(), false);
        SplittableRandom r = new SplittableRandom(2);
        int merged = 0;
        for (int i = 0; i < 10_000; i++) {
            WorkflowPolicy.Step step = WorkflowPolicy.next(s, r);
            if (step.action().equals("merge")) {
                merged++;
                assertEquals(42L, step.fields().get("mergeInto"));
            }
        }
        assertEquals(WorkflowPolicy.MERGE_DUPLICATE_SHARE, merged / 10_000.0, 0.02);
    }

    @Test
    void departmentsReturnAboutThreePercentAndOnlyOnce() {
        Map<String, Integer> o = outcomes(snapshot("dispatched", Channel.PATROL, Set.of()), 20_000);
        assertEquals(WorkflowPolicy.RETURN_SHARE, o.get("return") / 20_000.0, 0.005, o.toString());
        assertEquals(Map.of("start", 5_000), outcomes(snapshot("dispatched", Channel.PATROL, Set.of("return", "suspend")), 5_000));
    }

    @Test
    void aReturnedCaseGoesToTheDistrictDepartment() {
        WorkflowPolicy.Step step = WorkflowPolicy.next(snapshot("returned", Channel.PATROL, Set.of("return")), new SplittableRandom(3));
        assertEquals("dispatch", step.action());
        assertEquals("department", step.fields().get("handlerKind"));
        assertEquals("urban_mgmt_bureau", step.fields().get("departmentCode"));
    }

    @Test
    void handlingIsMostlyWithinTheDeadlineAndSomeCasesAreLateOnPurpose() {
        SplittableRandom r = new SplittableRandom(4);
        int late = 0;
        int handles = 0;
        for (int i = 0; i < 20_000; i++) {
            WorkflowPolicy.Step step = WorkflowPolicy.next(snapshot("in_progress", Channel.PATROL, Set.of()), r);
            if (step.action().equals("handle")) {
                handles++;
                late += step.afterDeadline() ? 1 : 0;
                assertTrue(step.delay().compareTo(Duration.ofHours(12)) < 0, step.delay().toString());
            }
        }
        assertEquals(WorkflowPolicy.LATE_SHARE, (double) late / handles, 0.01);
    }

    @Test
    void verificationFailsAboutFourPercentButNeverTwice() {
        Map<String, Integer> o = outcomes(snapshot("handled", Channel.PATROL, Set.of()), 20_000);
        assertEquals(WorkflowPolicy.FAIL_VERIFICATION_SHARE, o.get("fail_verification") / 20_000.0, 0.005, o.toString());
        assertEquals(Map.of("verify", 3_000), outcomes(snapshot("handled", Channel.PATROL, Set.of("fail_verification")), 3_000));
    }

    @Test
    void citizensAreSatisfiedAsOftenAsTheSeedsReport() {
        SplittableRandom r = new SplittableRandom(6);
        int satisfied = 0;
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            WorkflowPolicy.Step step = WorkflowPolicy.next(snapshot("closed", Channel.HOTLINE_12345, Set.of()), r);
            int score = (Integer) step.fields().get("satisfaction");
            assertTrue(score >= 1 && score <= 5, Integer.toString(score));
            satisfied += score >= 4 ? 1 : 0;
        }
        assertEquals(0.9934, (double) satisfied / n, 0.001);
    }

    @Test
    void machineAndPatrolReportsAreNotEvaluatedAndFinishedCasesAreLeftAlone() {
        SplittableRandom r = new SplittableRandom(7);
        for (Channel c : List.of(Channel.PATROL, Channel.VIDEO_AI, Channel.IOT)) {
            assertNull(WorkflowPolicy.next(snapshot("closed", c, Set.of()), r), c.key());
        }
        for (String s : List.of("evaluated", "rejected", "merged")) {
            assertNull(WorkflowPolicy.next(snapshot(s, Channel.HOTLINE_12345, Set.of()), r), s);
        }
    }
}
