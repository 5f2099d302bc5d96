package cn.yiwang.testing;

import java.util.Map;

import io.micronaut.test.support.TestPropertyProvider;

/**
 * Mixed into {@code @MicronautTest} classes (which must use {@code @TestInstance(PER_CLASS)}) so their
 * application context runs on the shared test cluster.
 */
public interface PostgisTest extends TestPropertyProvider {

    @Override
    default Map<String, String> getProperties() {
        return TestPostgis.properties();
    }
}
