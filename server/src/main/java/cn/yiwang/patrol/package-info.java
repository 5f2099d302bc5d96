/**
 * Patrol (巡查): GPS points from grid workers' phones and the workers' live positions.
 *
 * <p>Ingestion paths (OsmAnd as Traccar Client sends it, Traccar Client 9+ JSON, our JSON batches,
 * GPX) parse into {@link cn.yiwang.patrol.PatrolFix} values with pure readers and one validator,
 * then share one write path: {@link cn.yiwang.patrol.PatrolWriter} queues them (bounded; full means
 * 503 + Retry-After) and a single writer thread COPYs everything queued into a staging table and
 * inserts it into the day-partitioned {@code patrol_point} in one transaction (duplicates of a device
 * and time are skipped). A request is answered only after the transaction holding its points has
 * committed (group commit), so a crash loses only points nobody was told were stored.
 *
 * <p>Privacy: before the queue every fix is checked against its worker's duty at the fix's own time
 * ({@link cn.yiwang.patrol.PatrolDutyRule}: a started patrol, or the district's shift on its days),
 * from memory ({@link cn.yiwang.patrol.PatrolDuty}); off-duty fixes are counted and dropped. Raw day
 * partitions older than the retention are dropped daily ({@link cn.yiwang.patrol.PatrolRetention}).
 * Reading tracks back is {@code cn.yiwang.patrol.track}.
 */
package cn.yiwang.patrol;
