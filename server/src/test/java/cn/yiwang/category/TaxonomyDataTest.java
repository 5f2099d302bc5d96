package cn.yiwang.category;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import cn.yiwang.calendar.Deadline;
import io.micronaut.json.JsonMapper;

/** The bundled data files (data/categories, as packaged into the server) meet the issue's minimums. */
class TaxonomyDataTest {

    static final JsonMapper JSON = JsonMapper.createDefault();
    /** Open311 GeoReport v2 service codes travel in URLs and forms: keep them plain ASCII. */
    static final String OPEN311_SAFE = "^[A-Za-z0-9_.-]{1,20}$";

    final List<Department> departments = read("/categories/departments.json", json -> TaxonomyReader.departmentsFile(json));
    final TaxonomyReader.Categories categories = read("/categories/categories.json",
            json -> TaxonomyReader.categoriesFile(json, departments.stream().map(Department::code).collect(Collectors.toSet())));
    final Taxonomy taxonomy = new Taxonomy(departments, categories.tops(), categories.subs());

    static <T> T read(String resource, java.util.function.Function<Object, TaxonomyReader.Result<T>> reader) {
        try (InputStream in = TaxonomyDataTest.class.getResourceAsStream(resource)) {
            TaxonomyReader.Result<T> r = reader.apply(JSON.readValue(in.readAllBytes(), Object.class));
            assertTrue(r.ok(), () -> resource + ": " + r.issues());
            return r.value();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Category named(String nameFragment) {
        List<Category> hits = categories.subs().stream().filter(c -> c.nameZh().contains(nameFragment)).toList();
        assertEquals(1, hits.size(), () -> "sub-categories named like " + nameFragment + ": " + hits);
        return hits.get(0);
    }

    @Test
    void atLeastEightTopAndFortySubCategories() {
        assertTrue(categories.tops().size() >= 8, "top categories: " + categories.tops().size());
        assertTrue(categories.subs().size() >= 40, "sub-categories: " + categories.subs().size());
        for (TopCategory top : categories.tops()) {
            assertFalse(taxonomy.subCategoriesOf(top.code()).isEmpty(), top.code() + " has no sub-categories");
        }
    }

    @Test
    void theIssuesTopCategoriesArePresent() {
        Set<String> names = categories.tops().stream().map(TopCategory::nameZh).collect(Collectors.toSet());
        for (String n : List.of("市容环境", "街面秩序", "市政设施", "交通设施", "公共安全", "邻里纠纷", "民生服务", "疫情防控")) {
            assertTrue(names.contains(n), n + " missing from " + names);
        }
    }

    @Test
    void theSeedsExamplesArePresent() {
        for (String n : List.of("占道经营", "飞线充电", "供热管道漏水", "人行道地砖破损积水", "僵尸车", "交通信号灯不亮", "装修噪音",
                "加装电梯", "预付卡退费", "消防通道占用", "高空抛物", "走失老人")) {
            named(n);
        }
    }

    @Test
    void everySubCategoryHasAPositiveDeadlineAndAFullLine() {
        for (Category c : categories.subs()) {
            assertTrue(c.deadline().amount() > 0, c.code());
            assertFalse(c.description().isBlank(), c.code());
            assertFalse(c.keywords().isEmpty(), c.code() + " has no keywords");
            assertEquals(Set.of(ReplyState.values()), taxonomy.replies(c.code()).keySet(), c.code() + " lacks canned replies");
            for (DispatchLevel level : DispatchLevel.values()) {
                assertTrue(taxonomy.departmentFor(c.code(), level).isPresent(), c.code() + " has no department at " + level);
            }
        }
    }

    @Test
    void codesAreUniqueAndOpen311Safe() {
        Set<String> seen = new HashSet<>();
        for (TopCategory t : categories.tops()) {
            assertTrue(seen.add(t.code()), t.code());
        }
        for (Category c : categories.subs()) {
            assertTrue(seen.add(c.code()), "duplicate " + c.code());
            assertTrue(c.code().matches(OPEN311_SAFE), c.code());
            assertTrue(c.code().startsWith(c.topCode() + "-"), c.code());
            for (String k : c.keywords()) {
                assertFalse(k.contains(","), c.code() + " keyword " + k);
            }
        }
    }

    @Test
    void departmentsCoverTheIssuesList() {
        assertTrue(departments.size() >= 15, "departments: " + departments.size());
        Set<String> names = departments.stream().map(Department::nameZh).collect(Collectors.toSet());
        for (String kind : List.of("城市管理", "城管执法", "市场监督", "市场监管所", "供电", "热力", "燃气", "交警", "住房和城乡建设",
                "生态环境", "卫生健康", "派出所", "街道办事处", "物业", "水", "园林绿化", "应急管理", "消防救援")) {
            assertTrue(names.stream().anyMatch(n -> n.contains(kind)), kind + " missing from " + names);
        }
        Map<Department.Level, Long> byLevel = departments.stream()
                .collect(Collectors.groupingBy(Department::level, Collectors.counting()));
        assertEquals(Set.of(Department.Level.values()), byLevel.keySet(), "departments at every level: " + byLevel);
    }

    @Test
    void urgentSafetyItemsCountCalendarHours() {
        for (String n : List.of("燃气泄漏", "火情", "电梯故障困人", "走失老人", "井盖")) {
            Category c = named(n);
            assertEquals(Deadline.Unit.CALENDAR_HOURS, c.deadline().unit(), c.code());
            assertTrue(c.urgency() != Urgency.NORMAL, c.code());
        }
        for (Category c : categories.subs()) {
            if (c.urgency() == Urgency.CRITICAL) {
                assertEquals(Deadline.Unit.CALENDAR_HOURS, c.deadline().unit(), c.code() + " is critical");
            }
        }
    }

    @Test
    void prepaidCardRefundNeedsNoLocationWhileStreetVendingDoes() {
        assertFalse(named("预付卡退费").locationRequired());
        assertTrue(named("占道经营").locationRequired());
        assertTrue(named("占道经营").selfHandle(), "a grid worker may move a street vendor on");
        assertFalse(named("燃气泄漏").selfHandle());
    }

    @Test
    void theDepartmentsFollowTheSeeds() {
        assertEquals("heating_company", named("供热管道漏水").departmentCode(DispatchLevel.STREET));
        assertEquals("market_reg_office", named("消费纠纷").departmentCode(DispatchLevel.STREET), "航东市场监管所 in seed 003");
        assertEquals("traffic_police", named("交通信号灯不亮").departmentCode(DispatchLevel.DISTRICT));
        assertEquals("urban_mgmt_bureau", named("人行道地砖破损积水").departmentCode(DispatchLevel.DISTRICT), "高新区城市管理部");
    }
}
