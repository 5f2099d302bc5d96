package cn.yiwang.testing;

import java.util.HashMap;
import java.util.Map;

/**
 * {@link PostgisTest} with {@code yiwang.security.public-grid-read=false}: the production setting,
 * where every grid, layer and OGC read needs a token.
 */
public interface PrivateReadTest extends PostgisTest {

    @Override
    default Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(PostgisTest.super.getProperties());
        p.put("yiwang.security.public-grid-read", "false");
        return p;
    }
}
