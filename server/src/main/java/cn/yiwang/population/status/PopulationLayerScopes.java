package cn.yiwang.population.status;

import java.util.List;

import cn.yiwang.layers.LayerRegistry;
import cn.yiwang.layers.LayerScope;
import cn.yiwang.layers.LayerScopeProvider;
import cn.yiwang.layers.cases.CaseScopeRule;
import cn.yiwang.security.Caller;
import cn.yiwang.security.Role;
import jakarta.inject.Singleton;

/**
 * Scopes the {@code campaign-status} and {@code compounds} layers (tiles and OGC API): what lies under
 * the caller's grid scope; departments see none.
 */
@Singleton
public class PopulationLayerScopes implements LayerScopeProvider {

    @Override
    public boolean scopes(String layerId) {
        return LayerRegistry.CAMPAIGN_STATUS.equals(layerId) || LayerRegistry.COMPOUNDS.equals(layerId);
    }

    @Override
    public LayerScope scope(Caller caller) {
        if (caller.role() == Role.DEPARTMENT) {
            return new LayerScope("none", "false", List.of());
        }
        return new CaseScopeRule(CaseScopeRule.Kind.GRID, caller.scope(), null).toLayerScope();
    }
}
