package cn.yiwang.open311;

import java.time.Instant;

import io.micronaut.serde.annotation.Serdeable;

/**
 * A client app allowed to POST service requests, as the admin API shows it (never with its key).
 *
 * @param requestsPerMinute POSTs per minute this app may send (per server instance)
 */
@Serdeable
public record Open311Client(long id, String name, boolean enabled, int requestsPerMinute, Instant createdAt, String createdBy) {

    /** The username of the synthetic caller this client creates cases as. */
    public String actor() {
        return "open311:" + id;
    }
}
