package cn.yiwang.party;

import java.util.List;

import cn.yiwang.layers.LayerRegistry;
import cn.yiwang.layers.LayerScope;
import cn.yiwang.layers.LayerScopeProvider;
import cn.yiwang.security.Caller;
import jakarta.inject.Singleton;

/**
 * Scopes the component, service-point and party-organisation layers (tiles and OGC collections) by
 * their {@code grid_code} column: a caller sees the features on the grids of their scope. These
 * layers hold no personal data; they are not public because a worker's map is their grid's and
 * camera positions are not for everyone.
 */
@Singleton
public class PartyLayerScopes implements LayerScopeProvider {

    @Override
    public boolean scopes(String layerId) {
        return LayerRegistry.GRID_SCOPED.contains(layerId);
    }

    @Override
    public LayerScope scope(Caller caller) {
        return new LayerScope("grid:" + caller.scope(), "grid_code LIKE ?", List.of(caller.scope() + "%"));
    }
}
