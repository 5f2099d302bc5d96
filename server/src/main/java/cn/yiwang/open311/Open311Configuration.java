package cn.yiwang.open311;

import java.util.List;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code yiwang.open311}: the Open311 GeoReport v2 intake at {@code /open311/v2}.
 *
 * @param jurisdictionId       this endpoint's {@code jurisdiction_id}; a request naming another one
 *                             gets 404. Empty (the default) accepts any value, as the spec allows
 *                             for an endpoint that serves one jurisdiction
 * @param scope                grid scope (grid code of any level) of the synthetic caller that client
 *                             apps create cases as ({@code open311:<client id>}, role ops); empty
 *                             means the whole deployment
 * @param listedSources        case channels that {@code GET requests} shows; the default shows what
 *                             the public reported ({@code citizen_app}), not hotline, police or
 *                             patrol cases
 * @param readsPerMinutePerIp  anonymous GETs per minute per client address (token bucket per server
 *                             instance; users behind one carrier NAT share an address, hence the
 *                             generous default). A POST with an unknown key also counts here
 * @param duplicateWindowSeconds a POST identical to one of the same client (same device_id, service,
 *                             text, position and contact) within this window returns the first case
 *                             instead of a second one, when the client sends no Idempotency-Key
 */
@ConfigurationProperties("yiwang.open311")
public record Open311Configuration(
        @Bindable(defaultValue = "") String jurisdictionId,
        @Bindable(defaultValue = "") String scope,
        @Bindable(defaultValue = "citizen_app") List<String> listedSources,
        @Bindable(defaultValue = "300") int readsPerMinutePerIp,
        @Bindable(defaultValue = "120") int duplicateWindowSeconds) {
}
