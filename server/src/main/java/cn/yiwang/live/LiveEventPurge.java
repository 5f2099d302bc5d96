package cn.yiwang.live;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;

/** Keeps the live-event log bounded: deletes events older than {@code yiwang.live.retention-hours}. */
@Singleton
public class LiveEventPurge {

    private static final Logger LOG = LoggerFactory.getLogger(LiveEventPurge.class);

    private final LiveEventLog log;
    private final LiveConfiguration config;

    public LiveEventPurge(LiveEventLog log, LiveConfiguration config) {
        this.log = log;
        this.config = config;
    }

    @Scheduled(fixedDelay = "${yiwang.live.purge-interval-seconds:600}s", initialDelay = "30s")
    void scheduled() {
        try {
            purge();
        } catch (RuntimeException e) {
            LOG.warn("Purging the live event log failed", e);
        }
    }

    /** Deletes what is older than the retention window; returns how many events. */
    public int purge() {
        int n = log.purgeOlderThan(Duration.ofHours(config.retentionHours()));
        if (n > 0) {
            LOG.info("Purged {} live events older than {} h", n, config.retentionHours());
        }
        return n;
    }
}
