package cn.yiwang.cases;

import java.util.Locale;

/**
 * Where a case stands in the closed loop (闭环): 上报 → 受理 → 立案 → 派遣 → 处置 → 核查 → 结案 → 评价,
 * with the side states 回退, 延期申请, 上报升级 and 缓办. {@link #key()} is what the database and the API use.
 */
public enum CaseStatus {
    REPORTED("已上报"), ACCEPTED("已受理"), REJECTED("不予受理"), MERGED("已合并"), REGISTERED("已立案"),
    DISPATCHED("已派遣"), IN_PROGRESS("处置中"), HANDLED("已处置"), VERIFIED("已核查"),
    VERIFICATION_FAILED("核查未通过"), CLOSED("已结案"), EVALUATED("已评价"), RETURNED("已回退"),
    EXTENSION_REQUESTED("申请延期"), ESCALATED("已上报上级"), SUSPENDED("缓办"),
    /** A 三跨 case in consultation (会商): its tasks are handled by several departments or grids. */
    CONSULTING("会商中");

    private final String nameZh;

    CaseStatus(String nameZh) {
        this.nameZh = nameZh;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String nameZh() {
        return nameZh;
    }

    /** Rejected, merged, closed and evaluated cases are no longer worked on (closed ones may be reopened). */
    public boolean isOpen() {
        return this != REJECTED && this != MERGED && this != CLOSED && this != EVALUATED;
    }

    /** States in which the handling clock runs (it starts at dispatch and pauses while suspended). */
    public boolean clockRuns() {
        return this == DISPATCHED || this == IN_PROGRESS || this == EXTENSION_REQUESTED || this == RETURNED
                || this == ESCALATED || this == VERIFICATION_FAILED || this == CONSULTING;
    }

    public static CaseStatus fromKey(String key) {
        for (CaseStatus s : values()) {
            if (s.key().equals(key)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown case status '" + key + "'");
    }
}
