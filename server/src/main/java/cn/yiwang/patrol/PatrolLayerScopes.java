package cn.yiwang.patrol;

import cn.yiwang.layers.LayerRegistry;
import cn.yiwang.layers.LayerScope;
import cn.yiwang.layers.LayerScopeProvider;
import cn.yiwang.layers.cases.CaseScopeRule;
import cn.yiwang.security.Caller;
import jakarta.inject.Singleton;

/**
 * Scopes the {@code patrol-positions} layer as the live stream's {@code patrol} topic is scoped: a
 * caller sees the workers whose own grid lies in their grid scope (a community's worker: the workers
 * of that community; the ops center: the district's).
 */
@Singleton
public class PatrolLayerScopes implements LayerScopeProvider {

    @Override
    public boolean scopes(String layerId) {
        return LayerRegistry.PATROL_POSITIONS.equals(layerId);
    }

    @Override
    public LayerScope scope(Caller caller) {
        return new CaseScopeRule(CaseScopeRule.Kind.GRID, caller.scope(), null).toLayerScope();
    }
}
