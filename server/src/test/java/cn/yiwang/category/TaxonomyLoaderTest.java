package cn.yiwang.category;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.yiwang.testing.PostgisTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaxonomyLoaderTest implements PostgisTest {

    @Inject
    TaxonomyLoader loader;
    @Inject
    TaxonomyService service;
    @Inject
    DataSource dataSource;

    final TaxonomyDataTest files = new TaxonomyDataTest();

    String one(String sql, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    int update(String sql, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        }
    }

    @Test
    void startUpStoresEveryCodeOfTheFiles() throws SQLException {
        for (Category c : files.categories.subs()) {
            assertEquals(c.nameZh(), one("SELECT name_zh FROM category WHERE code = ?", c.code()), c.code());
        }
        for (Department d : files.departments) {
            assertEquals(d.nameZh(), one("SELECT name_zh FROM department WHERE code = ?", d.code()), d.code());
        }
        assertEquals(files.categories.tops().size(), service.tops().size());
        assertTrue(service.all().size() >= files.categories.subs().size());
        assertEquals("heating_company", service.departmentFor("SZSS-05", DispatchLevel.STREET).orElseThrow().code());
    }

    @Test
    void loadingAgainChangesNothing() throws SQLException {
        String versions = one("SELECT string_agg(code || ':' || version, ',' ORDER BY code) FROM category");
        TaxonomyRepository.SeedCounts counts = loader.load();
        assertFalse(counts.changedAnything(), counts.toString());
        assertEquals(0, counts.categoriesInserted() + counts.categoriesRefreshed());
        assertEquals(versions, one("SELECT string_agg(code || ':' || version, ',' ORDER BY code) FROM category"));
    }

    @Test
    void aRowNoAdminEditedIsRefreshedFromTheFile() throws SQLException {
        String fileName = one("SELECT name_zh FROM category WHERE code = 'YLLH-04'");
        assertEquals(1, update("UPDATE category SET name_zh = '旧版本的名字', version = version + 1 WHERE code = 'YLLH-04' AND source = 'data-file'"));
        TaxonomyRepository.SeedCounts counts = loader.load();
        assertEquals(1, counts.categoriesRefreshed(), counts.toString());
        assertEquals(fileName, one("SELECT name_zh FROM category WHERE code = 'YLLH-04'"));
    }

    @Test
    void anAdminEditIsNeverOverwritten() throws SQLException {
        try {
            assertEquals(1, update("UPDATE category SET name_zh = '管理员改过的名字', deadline_amount = 9, source = 'admin', "
                    + "updated_by = 'admin', version = version + 1 WHERE code = 'YLLH-03'"));
            String version = one("SELECT version FROM category WHERE code = 'YLLH-03'");
            TaxonomyRepository.SeedCounts counts = loader.load();
            assertTrue(counts.categoriesKept() >= 1, counts.toString());
            assertEquals(0, counts.categoriesRefreshed(), counts.toString());
            assertEquals("管理员改过的名字", one("SELECT name_zh FROM category WHERE code = 'YLLH-03'"));
            assertEquals("9", one("SELECT deadline_amount FROM category WHERE code = 'YLLH-03'"));
            assertEquals(version, one("SELECT version FROM category WHERE code = 'YLLH-03'"));
        } finally {
            update("UPDATE category SET source = 'data-file' WHERE code = 'YLLH-03'");
            loader.load();
        }
    }

    @Test
    void aMissingCodeIsInsertedAgain() throws SQLException {
        assertEquals(1, update("DELETE FROM category WHERE code = 'YLLH-02'"));
        TaxonomyRepository.SeedCounts counts = loader.load();
        assertEquals(1, counts.categoriesInserted(), counts.toString());
        assertEquals("1", one("SELECT version FROM category WHERE code = 'YLLH-02'"));
    }
}
