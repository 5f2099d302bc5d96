package cn.yiwang.cases;

/** Published after a case change commits (for the live stream and caches). */
public record CaseChangedEvent(long caseId, String type) {
}
