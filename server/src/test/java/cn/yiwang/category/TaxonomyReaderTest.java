package cn.yiwang.category;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import cn.yiwang.calendar.Deadline;
import io.micronaut.json.JsonMapper;

class TaxonomyReaderTest {

    final JsonMapper json = JsonMapper.createDefault();

    static final String TOP_REPLIES = """
            {"accepted": "受理", "rejected": "不予受理", "dispatched": "已派遣", "returned": "已回退", "handled": "已处置", "closed": "已结案"}""";

    Object parse(String text) {
        try {
            return json.readValue(text, Object.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Taxonomy small() {
        Department a = new Department("dept_a", "甲局", Department.Level.DISTRICT, "", true, Revision.UNSTORED);
        Department b = new Department("dept_b", "乙所", Department.Level.STREET, "", true, Revision.UNSTORED);
        Department old = new Department("dept_old", "旧单位", Department.Level.UNIT, "", false, Revision.UNSTORED);
        TopCategory top = new TopCategory("ABC", "测试", "", Map.of(ReplyState.ACCEPTED, "默认受理"), 1, Revision.UNSTORED);
        Category c = new Category("ABC-01", "ABC", "测试小类", "说明", Deadline.workingHours(4), false, Urgency.NORMAL, true,
                Map.of(DispatchLevel.STREET, "dept_b", DispatchLevel.DISTRICT, "dept_a"), List.of("测试"),
                Map.of(ReplyState.HANDLED, "自己的处置回复"), true, 1, new Revision(3, Revision.ADMIN, "admin", java.time.Instant.EPOCH));
        return new Taxonomy(List.of(a, b, old), List.of(top), List.of(c));
    }

    List<String> pointers(TaxonomyReader.Result<?> r) {
        return r.issues().stream().map(TaxonomyReader.Issue::pointer).toList();
    }

    @Test
    void partialEditKeepsWhatItLeavesOut() {
        Taxonomy t = small();
        TaxonomyReader.Result<Category> r = TaxonomyReader.categoryEdit(parse("""
                {"deadline": {"amount": 2, "unit": "working_days"}, "replies": {"handled": null, "closed": "办结了"}}"""),
                t.subCategory("ABC-01").orElseThrow(), t);
        assertTrue(r.ok(), r.issues().toString());
        Category c = r.value();
        assertEquals(Deadline.workingDays(2), c.deadline());
        assertEquals("测试小类", c.nameZh());
        assertEquals("dept_b", c.departmentCode(DispatchLevel.STREET));
        assertEquals(Map.of(ReplyState.CLOSED, "办结了"), c.replies(), "null drops the own reply");
        assertEquals(3, c.revision().version());
    }

    @Test
    void aGetResultCanBeSentBack() {
        Taxonomy t = small();
        Category c = t.subCategory("ABC-01").orElseThrow();
        TaxonomyReader.Result<Category> r = TaxonomyReader.categoryEdit(TaxonomyJson.category(c, t), c, t);
        assertTrue(r.ok(), r.issues().toString());
        assertEquals(c.deadline(), r.value().deadline());
    }

    @Test
    void everyBadFieldIsReportedAtItsPointer() {
        Taxonomy t = small();
        TaxonomyReader.Result<Category> r = TaxonomyReader.categoryEdit(parse("""
                {"nameZh": "<script>alert(1)</script>", "deadline": {"amount": -1, "unit": "weeks"},
                 "departments": {"street": "nobody", "district": "dept_old", "city": "dept_a"},
                 "selfHandle": "yes", "urgency": "asap", "keywords": ["a,b"], "replies": {"verified": "x"}, "colour": "red"}"""),
                t.subCategory("ABC-01").orElseThrow(), t);
        assertFalse(r.ok());
        assertEquals(Set.of("/nameZh", "/deadline/amount", "/deadline/unit", "/departments/street", "/departments/district",
                "/departments/city", "/selfHandle", "/urgency", "/keywords/0", "/replies/verified", "/colour"),
                Set.copyOf(pointers(r)));
    }

    @Test
    void textLongerThanTheLimitIsRejected() {
        Taxonomy t = small();
        String long501 = "长".repeat(501);
        TaxonomyReader.Result<Category> r = TaxonomyReader.categoryEdit(Map.of("description", long501), t.subCategory("ABC-01").orElseThrow(), t);
        assertEquals(List.of("/description"), pointers(r));
        assertTrue(TaxonomyReader.categoryEdit(Map.of("description", "长".repeat(500)), t.subCategory("ABC-01").orElseThrow(), t).ok());
    }

    @Test
    void newCategoryGetsTheNextCodeAndDefaults() {
        Taxonomy t = small();
        TaxonomyReader.Result<Category> r = TaxonomyReader.newCategory(parse("""
                {"topCode": "ABC", "nameZh": "新小类", "deadline": {"amount": 1, "unit": "calendar_hours"},
                 "departments": {"street": "dept_b", "district": "dept_a"}}"""), t);
        assertTrue(r.ok(), r.issues().toString());
        assertEquals("ABC-02", r.value().code());
        assertTrue(r.value().locationRequired());
        assertFalse(r.value().selfHandle());
        assertEquals(Urgency.NORMAL, r.value().urgency());
        assertEquals(2, r.value().sortOrder());
    }

    @Test
    void newCategoryNeedsItsRequiredFields() {
        TaxonomyReader.Result<Category> r = TaxonomyReader.newCategory(parse("""
                {"topCode": "XYZ", "code": "ABC-7"}"""), small());
        assertEquals(Set.of("/topCode", "/code", "/nameZh", "/deadline", "/departments"), Set.copyOf(pointers(r)));
    }

    @Test
    void theCategoriesFileMustNameKnownDepartmentsAndUniqueCodes() {
        TaxonomyReader.Result<TaxonomyReader.Categories> r = TaxonomyReader.categoriesFile(parse("""
                {"topCategories": [{"code": "ABC", "nameZh": "测试", "description": "说明", "replies": %s, "subCategories": [
                  {"code": "ABC-01", "nameZh": "一", "description": "说明", "deadline": {"amount": 1, "unit": "working_days"},
                   "selfHandle": false, "urgency": "normal", "locationRequired": true,
                   "departments": {"street": "dept_b", "district": "dept_x"}, "keywords": ["一"]},
                  {"code": "ABC-01", "nameZh": "二", "description": "说明", "deadline": {"amount": 1, "unit": "working_days"},
                   "selfHandle": false, "urgency": "normal", "locationRequired": true,
                   "departments": {"street": "dept_b", "district": "dept_a"}, "keywords": ["二"]},
                  {"code": "XYZ-03", "nameZh": "三", "description": "说明", "deadline": {"amount": 1, "unit": "working_days"},
                   "selfHandle": false, "urgency": "normal", "locationRequired": true,
                   "departments": {"street": "dept_b", "district": "dept_a"}, "keywords": []}]}]}""".formatted(TOP_REPLIES)),
                Set.of("dept_a", "dept_b"));
        assertEquals(List.of("/topCategories/0/subCategories/0/departments/district", "/topCategories/0/subCategories/1/code",
                "/topCategories/0/subCategories/2/code", "/topCategories/0/subCategories/2/keywords"), pointers(r));
    }

    @Test
    void aTopCategoryInTheFileNeedsEveryReply() {
        TaxonomyReader.Result<TaxonomyReader.Categories> r = TaxonomyReader.categoriesFile(parse("""
                {"topCategories": [{"code": "ABC", "nameZh": "测试", "description": "说明",
                  "replies": {"accepted": "受理"}, "subCategories": []}]}"""), Set.of());
        assertEquals(List.of("/topCategories/0/replies/rejected", "/topCategories/0/replies/dispatched",
                "/topCategories/0/replies/returned", "/topCategories/0/replies/handled", "/topCategories/0/replies/closed"), pointers(r));
    }

    @Test
    void dispatchLevelFollowsTheGridLevel() {
        assertEquals(DispatchLevel.DISTRICT, DispatchLevel.forGridLevel("district"));
        for (String below : List.of("l1", "l2", "l3", "micro", "special")) {
            assertEquals(DispatchLevel.STREET, DispatchLevel.forGridLevel(below), below);
        }
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> DispatchLevel.forGridLevel("city"));
    }
}
