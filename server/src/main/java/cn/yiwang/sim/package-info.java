/**
 * The demo simulator ({@code ./yiwang simulate}): a steady, seeded stream of plausible cases and a
 * driver that moves them through the closed loop as the demo users would, all through the public
 * HTTP API of a running server, so it works against any Yiwang.
 *
 * <p>Design: {@link cn.yiwang.sim.CaseStreamGenerator} (what is reported, where, when, by which
 * channel) and {@link cn.yiwang.sim.WorkflowPolicy} (what happens next to a case, after how long)
 * are pure and seeded, so tests pin their statistics without a server. {@link
 * cn.yiwang.sim.WorkflowDriver} and {@link cn.yiwang.sim.SimClient} do the I/O. Everything the
 * simulator writes is marked as made up: reporters are "（模拟）" with phone numbers in the
 * non-existent {@code 000} range, descriptions end with {@value cn.yiwang.sim.CaseDraft#SIMULATED_MARK}.
 *
 * <p>Time: drafts follow the wall clock (or {@code --start}), so the evening street-vending peak
 * shows in the evening; workflow delays are simulated durations divided by {@code --speed}. The
 * server stamps every case and step with its own clock, so a backfill creates its history now:
 * the mix of the last days (categories by hour and season, outcomes) is realistic, the
 * timestamps are not.
 */
package cn.yiwang.sim;
