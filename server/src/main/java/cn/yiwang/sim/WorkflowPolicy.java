package cn.yiwang.sim;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Decides what happens next to a simulated case and after how long (simulated time): the outcome
 * shares of a well-run district platform, roughly as the seeds report them.
 *
 * <ul>
 *   <li>intake: {@value #REJECT_SHARE} rejected, a proposed duplicate merged with {@value #MERGE_DUPLICATE_SHARE},
 *       the rest accepted and registered within minutes;</li>
 *   <li>dispatch to the handler the server suggests (a department by the responsibility list, or the
 *       grid worker for self-handled categories); after a return (回退, {@value #RETURN_SHARE} of
 *       dispatches) to the district-level department, or the grid worker;</li>
 *   <li>handling mostly within the category's deadline (15–75 % of it); {@value #LATE_SHARE} are
 *       late on purpose: the driver waits until the server's real deadline has passed, so overdue
 *       flags and supervision (督办) appear; {@value #EXTENSION_SHARE} ask for an extension, which the
 *       desk grants;</li>
 *   <li>a grid worker's own patrol report of a category that allows it is settled on the spot
 *       (自处置, with a photo of the result) in {@value #SELF_HANDLE_SHARE} of cases;</li>
 *   <li>{@value #SUSPEND_SHARE} of dispatched cases are suspended (缓办: waiting for weather, materials or
 *       another party) and resumed hours later; {@value #ESCALATE_SHARE} of those in progress are escalated
 *       (上报上级) by their handler and dispatched again, to the district-level department where there is one;</li>
 *   <li>handlers attach a photo of the result to {@value #HANDLE_PHOTO_SHARE} of handlings;</li>
 *   <li>on-site verification fails for {@value #FAIL_VERIFICATION_SHARE} (once per case), sending
 *       the case back for rework;</li>
 *   <li>closing, then for citizen channels an evaluation: {@value #SATISFIED_SHARE} satisfied (4–5
 *       of 5), as the seeds' 99.34 %.</li>
 * </ul>
 * Pure: the same snapshot and random give the same step. Thread-safe (stateless).
 */
public final class WorkflowPolicy {

    static final double REJECT_SHARE = 0.04;
    static final double MERGE_DUPLICATE_SHARE = 0.7;
    static final double RETURN_SHARE = 0.03;
    static final double LATE_SHARE = 0.07;
    static final double EXTENSION_SHARE = 0.02;
    static final double FAIL_VERIFICATION_SHARE = 0.04;
    static final double SATISFIED_SHARE = 0.9934;
    static final double SELF_HANDLE_SHARE = 0.6;
    static final double SUSPEND_SHARE = 0.02;
    static final double ESCALATE_SHARE = 0.02;
    static final double HANDLE_PHOTO_SHARE = 0.8;

    /** Who takes a step. */
    public enum Actor {
        /** The dispatcher of the case's street office, else the ops center. */
        DESK,
        /** The assigned grid worker, or a handler of the assigned department. */
        HANDLER,
        /** The level-3 grid worker responsible for the case. */
        VERIFIER,
        /** The grid worker who reported the case (self-handling). */
        REPORTER
    }

    /**
     * What the policy looks at.
     *
     * @param status          the case's status key
     * @param channel         how it came in
     * @param urgency         normal, urgent or critical
     * @param handlerKind     grid_worker or department (the server's suggestion until dispatch)
     * @param departmentCode  suggested or assigned department, may be null
     * @param hasAssignee     whether the case has a responsible grid worker
     * @param duplicateOf     id of the open case it probably duplicates, or null
     * @param deadline        the category's handling deadline as simulated duration
     * @param districtDepartment the department the district platform would dispatch to, may be null
     * @param taken           the actions the simulator already took on this case
     * @param selfHandle      whether the category lets a grid worker settle it on the spot (自处置)
     */
    public record Snapshot(String status, Channel channel, String urgency, String handlerKind, String departmentCode, boolean hasAssignee,
                           Long duplicateOf, Duration deadline, String districtDepartment, Set<String> taken, boolean selfHandle) {
    }

    /**
     * A step: the action key, who takes it, the simulated delay before it, the body fields besides
     * {@code version}, whether it must wait until the server's deadline has passed, and whether the
     * actor attaches a photo taken on site ({@code attachments}).
     */
    public record Step(String action, Actor actor, Duration delay, Map<String, Object> fields, boolean afterDeadline, boolean photo) {
    }

    private WorkflowPolicy() {
    }

    /** The next step, or null when the simulator leaves the case alone (finished, or in a state it does not drive). */
    public static Step next(Snapshot s, RandomGenerator r) {
        boolean fast = !"normal".equals(s.urgency());
        return switch (s.status()) {
            case "reported" -> {
                Step self = selfHandle(s, r);
                if (self != null) {
                    yield self;
                }
                Duration d = fast ? minutes(r, 0.5, 3) : minutes(r, 2, 20);
                if (s.duplicateOf() != null && r.nextDouble() < MERGE_DUPLICATE_SHARE) {
                    yield step("merge", Actor.DESK, d, "与已有案件重复，合并办理", Map.of("mergeInto", s.duplicateOf()));
                }
                if (r.nextDouble() < REJECT_SHARE) {
                    yield step("reject", Actor.DESK, d, "经核实不属于受理范围或信息不全，不予受理", Map.of());
                }
                yield step("accept", Actor.DESK, d, "信息完整，予以受理", Map.of());
            }
            case "accepted" -> step("register", Actor.DESK, minutes(r, 1, 10), "立案", Map.of());
            case "registered", "verification_failed" -> dispatch(s, r, fast, s.handlerKind(), s.departmentCode());
            case "escalated" -> {
                String district = s.districtDepartment();
                yield district != null ? dispatch(s, r, fast, "department", district) : dispatch(s, r, fast, s.handlerKind(), s.departmentCode());
            }
            case "suspended" -> step("resume", Actor.DESK, minutes(r, 2 * 60, 20 * 60), "缓办条件已消除，恢复办理", Map.of());
            case "returned" -> {
                String district = s.districtDepartment();
                if (district != null && !district.equals(s.departmentCode())) {
                    yield dispatch(s, r, fast, "department", district);
                }
                yield s.hasAssignee() ? dispatch(s, r, fast, "grid_worker", null) : dispatch(s, r, fast, "department", s.departmentCode());
            }
            case "dispatched" -> {
                Step self = selfHandle(s, r);
                if (self != null) {
                    yield self;
                }
                if (!s.taken().contains("suspend") && r.nextDouble() < SUSPEND_SHARE) {
                    yield step("suspend", Actor.DESK, minutes(r, 10, 60), "需等待施工条件或相关单位配合，暂缓办理", Map.of());
                }
                if (!s.taken().contains("return") && r.nextDouble() < RETURN_SHARE) {
                    yield step("return", Actor.HANDLER, minutes(r, 30, 180), "经核实该事项不属于本单位职责，申请退回重新派遣", Map.of());
                }
                Duration d = fast ? minutes(r, 2, 10) : "department".equals(s.handlerKind()) ? minutes(r, 10, 90) : minutes(r, 5, 45);
                yield step("start", Actor.HANDLER, d, "已接单，前往现场处置", Map.of());
            }
            case "in_progress" -> {
                if (!s.taken().contains("request_extension") && r.nextDouble() < EXTENSION_SHARE) {
                    yield step("request_extension", Actor.HANDLER, fraction(r, s.deadline(), 0.3, 0.6),
                            "需协调相关单位、采购材料，申请延期", Map.of("extensionHours", 8));
                }
                if (!s.taken().contains("escalate") && r.nextDouble() < ESCALATE_SHARE) {
                    yield step("escalate", Actor.HANDLER, fraction(r, s.deadline(), 0.1, 0.4), "问题复杂，超出本级处置能力，请求上级协调", Map.of());
                }
                boolean late = !s.taken().contains("handle") && r.nextDouble() < LATE_SHARE;
                yield step("handle", Actor.HANDLER, fraction(r, s.deadline(), 0.15, 0.75), "已到现场处置完毕，现场已恢复", Map.of(), late,
                        r.nextDouble() < HANDLE_PHOTO_SHARE);
            }
            case "extension_requested" -> step("grant_extension", Actor.DESK, minutes(r, 10, 60), "同意延期",
                    Map.of("extensionHours", 8));
            case "handled" -> {
                Duration d = fast ? minutes(r, 10, 30) : minutes(r, 15, 120);
                if (!s.taken().contains("fail_verification") && r.nextDouble() < FAIL_VERIFICATION_SHARE) {
                    yield step("fail_verification", Actor.VERIFIER, d, "现场核查问题未彻底解决，退回重新处置", Map.of());
                }
                yield step("verify", Actor.VERIFIER, d, "现场核查，问题已解决", Map.of());
            }
            case "verified" -> step("close", Actor.DESK, minutes(r, 5, 60), "核查通过，予以结案", Map.of());
            case "closed" -> s.channel().hasCitizen() && !s.taken().contains("evaluate")
                    ? step("evaluate", Actor.DESK, minutes(r, 60, 24 * 60), "回访群众评价", Map.of("satisfaction", satisfaction(r)))
                    : null;
            default -> null;
        };
    }

    /**
     * Whether a report comes with a photo: most patrol reports (随手拍) and every video-AI alert (the
     * camera frame), half of the citizen-app reports, some deputies'; phone and sensor channels none.
     */
    public static boolean photoAtIntake(Channel channel, RandomGenerator r) {
        double share = switch (channel) {
            case PATROL -> 0.85;
            case VIDEO_AI -> 1.0;
            case CITIZEN_APP -> 0.5;
            case DEPUTY -> 0.3;
            default -> 0.0;
        };
        return share > 0 && r.nextDouble() < share;
    }

    /** A satisfaction score: {@value #SATISFIED_SHARE} of them 4 or 5. */
    static int satisfaction(RandomGenerator r) {
        double x = r.nextDouble();
        if (x < SATISFIED_SHARE) {
            return x < 0.86 ? 5 : 4;
        }
        return r.nextDouble() < 0.6 ? 3 : r.nextBoolean() ? 2 : 1;
    }

    private static Step dispatch(Snapshot s, RandomGenerator r, boolean fast, String kind, String department) {
        Map<String, Object> f = new LinkedHashMap<>();
        if ("department".equals(kind) && department != null) {
            f.put("handlerKind", "department");
            f.put("departmentCode", department);
        } else {
            // assigneeId is filled in by the driver: the case's responsible grid worker.
            f.put("handlerKind", "grid_worker");
        }
        String comment = "verification_failed".equals(s.status()) ? "核查未通过，重新派遣处置" : "按权责清单派遣";
        return step("dispatch", Actor.DESK, fast ? minutes(r, 0.5, 2) : minutes(r, 1, 10), comment, f);
    }

    /**
     * The reporting grid worker settles his own patrol report on the spot, when the category allows
     * it: decided once per case (the first time it is planned), so a case not settled goes on as usual.
     */
    private static Step selfHandle(Snapshot s, RandomGenerator r) {
        if (s.channel() != Channel.PATROL || !s.selfHandle() || !s.taken().isEmpty() || r.nextDouble() >= SELF_HANDLE_SHARE) {
            return null;
        }
        return step("self_handle", Actor.REPORTER, minutes(r, 3, 25), "现场劝导整改，已自行处置完毕", Map.of(), false, true);
    }

    private static Step step(String action, Actor actor, Duration delay, String comment, Map<String, Object> fields) {
        return step(action, actor, delay, comment, fields, false, false);
    }

    private static Step step(String action, Actor actor, Duration delay, String comment, Map<String, Object> fields, boolean late,
                             boolean photo) {
        Map<String, Object> f = new LinkedHashMap<>(fields);
        f.put("comment", comment);
        return new Step(action, actor, delay, Map.copyOf(f), late, photo);
    }

    private static Duration minutes(RandomGenerator r, double min, double max) {
        return Duration.ofMillis(Math.round((min + r.nextDouble() * (max - min)) * 60_000));
    }

    private static Duration fraction(RandomGenerator r, Duration of, double min, double max) {
        return Duration.ofMillis(Math.round(of.toMillis() * (min + r.nextDouble() * (max - min))));
    }
}
