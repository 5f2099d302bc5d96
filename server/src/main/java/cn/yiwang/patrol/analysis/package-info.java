/**
 * Patrol analysis (巡查分析): per worker and day (or any time range), from the raw fixes of
 * {@code patrol_point} to one stored {@code patrol_day} row, and the blind spots derived from those rows.
 *
 * <p>The algorithms are plain classes without framework or SQL ({@link cn.yiwang.patrol.analysis.TrackCleaner},
 * {@link cn.yiwang.patrol.analysis.StopDetector}, {@link cn.yiwang.patrol.analysis.CoverageRaster},
 * {@link cn.yiwang.patrol.analysis.PatrolDayAnalyser}); the nightly job, the on-demand API and the
 * benchmark call the same analyser, so they cannot disagree. Cleaning rules, in order, on fixes sorted by
 * time: a second fix at the same instant is a duplicate; a fix whose accuracy radius exceeds
 * {@code max-accuracy-meters} is poor; a fix reached from the last kept one faster than
 * {@code max-speed-meters-per-second} is a spike when the fix after it is plausible from the last kept
 * one again (A→B→A), a real relocation when the next {@code jump-confirm-fixes} fixes go on plausibly
 * from it (kept, and the leap counts as a gap, not as distance), and otherwise too fast.
 */
package cn.yiwang.patrol.analysis;
