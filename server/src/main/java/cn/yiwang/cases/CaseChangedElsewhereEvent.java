package cn.yiwang.cases;

/**
 * A case changed and committed on another server instance; this instance learned it from the
 * live-event log. Local mirrors of cases (the cases map index and its tiles) re-read the case.
 * Never re-announced: it is not a {@link CaseChangedEvent}, so no live event is appended for it.
 */
public record CaseChangedElsewhereEvent(long caseId, String liveType) {
}
