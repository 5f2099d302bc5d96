package cn.yiwang.layers.cases;

import cn.yiwang.layers.LayerRegistry;
import cn.yiwang.layers.LayerScope;
import cn.yiwang.layers.LayerScopeProvider;
import cn.yiwang.security.Caller;
import jakarta.inject.Singleton;

/** Scopes the {@code cases} tile layer and OGC collection by {@link CaseScopeRule}. */
@Singleton
public class CaseLayerScopes implements LayerScopeProvider {

    @Override
    public boolean scopes(String layerId) {
        return LayerRegistry.CASES.equals(layerId);
    }

    @Override
    public LayerScope scope(Caller caller) {
        return CaseScopeRule.of(caller).toLayerScope();
    }
}
