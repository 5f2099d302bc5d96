package cn.yiwang.patrol.analysis;

import java.util.List;

import cn.yiwang.layers.LayerRegistry;
import cn.yiwang.layers.LayerScope;
import cn.yiwang.layers.LayerScopeProvider;
import cn.yiwang.layers.cases.CaseScopeRule;
import cn.yiwang.security.Caller;
import cn.yiwang.security.Role;
import jakarta.inject.Singleton;

/**
 * Scopes the {@code patrol-blind-spots} layer like {@code GET /api/patrol/blind-spots}: the blind
 * micro grids and buildings under the caller's grid scope; departments see none.
 */
@Singleton
public class PatrolBlindSpotLayerScopes implements LayerScopeProvider {

    @Override
    public boolean scopes(String layerId) {
        return LayerRegistry.PATROL_BLIND_SPOTS.equals(layerId);
    }

    @Override
    public LayerScope scope(Caller caller) {
        if (caller.role() == Role.DEPARTMENT) {
            return new LayerScope("none", "false", List.of());
        }
        return new CaseScopeRule(CaseScopeRule.Kind.GRID, caller.scope(), null).toLayerScope();
    }
}
