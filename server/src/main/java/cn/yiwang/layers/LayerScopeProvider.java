package cn.yiwang.layers;

import cn.yiwang.security.Caller;

/**
 * Decides which rows of a non-public layer a caller sees, for every way the layer is served (OGC
 * API – Features, vector tiles). A bean; a non-public layer without a provider is served to nobody.
 */
public interface LayerScopeProvider {

    /** Whether this provider scopes the layer or OGC collection {@code layerId}. */
    boolean scopes(String layerId);

    /** The caller's rows of the layer. */
    LayerScope scope(Caller caller);
}
