package cn.yiwang.patrol;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code yiwang.patrol}: ingestion and live positions.
 *
 * @param queuePoints           points accepted but not yet committed, at most; a request that would
 *                              exceed it answers 503 with {@code Retry-After}
 * @param batchPoints           the writer commits up to this many points per transaction
 * @param maxRequestPoints      points in one {@code POST /api/patrol/points} (413 above)
 * @param maxGpxBytes           a larger GPX upload answers 413
 * @param retryAfterSeconds     the {@code Retry-After} of a 503 when the queue is full
 * @param zoneId                the day of the partitions of {@code patrol_point}
 * @param partitionsAheadDays   days after today whose partitions are created ahead (hourly job)
 * @param liveThrottleSeconds   at most one {@code patrol.position} event per worker in this time
 * @param liveFlushMillis       how often pending positions are sent to the live stream and the map
 * @param tileRefreshSeconds    the patrol-positions tiles are dropped at most this often
 */
@ConfigurationProperties("yiwang.patrol")
public record PatrolConfiguration(
        @Bindable(defaultValue = "200000") int queuePoints,
        @Bindable(defaultValue = "50000") int batchPoints,
        @Bindable(defaultValue = "10000") int maxRequestPoints,
        @Bindable(defaultValue = "52428800") long maxGpxBytes,
        @Bindable(defaultValue = "1") int retryAfterSeconds,
        @Bindable(defaultValue = "Asia/Shanghai") String zoneId,
        @Bindable(defaultValue = "2") int partitionsAheadDays,
        @Bindable(defaultValue = "5") int liveThrottleSeconds,
        @Bindable(defaultValue = "1000") int liveFlushMillis,
        @Bindable(defaultValue = "5") int tileRefreshSeconds) {
}
