package cn.yiwang.live;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code yiwang.live}: the live event stream.
 *
 * @param heartbeatSeconds       a comment line is sent on every idle stream this often, so proxies keep it open
 * @param retentionHours         events older than this are purged from the log; a reconnect that
 *                               missed more is told to resync
 * @param purgeIntervalSeconds   how often the purge runs
 * @param bufferEvents           events queued for one connection that the client has not yet taken;
 *                               one more and the connection is told to resync and closed
 * @param stuckCloseSeconds      a connection told to resync that still has not taken that event after
 *                               this long is closed without it (its client is not reading at all)
 * @param maxReplayEvents        a reconnect that missed more events than this is told to resync instead
 * @param listenPollMillis       how long the LISTEN thread waits for notifications per round
 * @param maxReconnectBackoffSeconds the longest wait between attempts to re-open the LISTEN connection
 * @param maxInstructionRecipients an instruction reaching more grid workers than this is refused (413)
 */
@ConfigurationProperties("yiwang.live")
public record LiveConfiguration(
        @Bindable(defaultValue = "15") int heartbeatSeconds,
        @Bindable(defaultValue = "24") int retentionHours,
        @Bindable(defaultValue = "600") int purgeIntervalSeconds,
        @Bindable(defaultValue = "4096") int bufferEvents,
        @Bindable(defaultValue = "30") int stuckCloseSeconds,
        @Bindable(defaultValue = "10000") int maxReplayEvents,
        @Bindable(defaultValue = "1000") int listenPollMillis,
        @Bindable(defaultValue = "30") int maxReconnectBackoffSeconds,
        @Bindable(defaultValue = "100000") int maxInstructionRecipients) {
}
