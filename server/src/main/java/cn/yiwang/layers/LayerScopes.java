package cn.yiwang.layers;

import java.util.List;
import java.util.Optional;

import cn.yiwang.security.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

/**
 * Finds the {@link LayerScopeProvider} of a non-public layer. Fails closed: an anonymous caller, or a
 * layer nobody scopes, gets no scope and must be refused. Thread-safe.
 */
@Singleton
public class LayerScopes {

    private final List<LayerScopeProvider> providers;

    public LayerScopes(List<LayerScopeProvider> providers) {
        this.providers = List.copyOf(providers);
    }

    /** The caller's scope of {@code layerId}; empty when anonymous or when no provider scopes the layer. */
    public Optional<LayerScope> scope(String layerId, @Nullable Authentication authentication) {
        if (authentication == null) {
            return Optional.empty();
        }
        Caller caller = Caller.of(authentication);
        return providers.stream().filter(p -> p.scopes(layerId)).findFirst().map(p -> p.scope(caller));
    }
}
