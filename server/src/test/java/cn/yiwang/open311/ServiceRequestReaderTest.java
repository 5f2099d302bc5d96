package cn.yiwang.open311;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import cn.yiwang.api.Problem;
import cn.yiwang.cases.CaseRequest;
import cn.yiwang.cases.CategoryRules;
import cn.yiwang.geo.CoordinateSystem;

class ServiceRequestReaderTest {

    static final CategoryRules.Rule GARBAGE = new CategoryRules.Rule("SRHJ-01", "暴露垃圾及垃圾满溢", "SRHJ", "市容环境", false, "normal", true,
            Map.of("l1", "urban_mgmt_squad"));
    static final CategoryRules.Rule REFUND = new CategoryRules.Rule("MSFW-02", "预付卡退费", "MSFW", "民生服务", false, "normal", false, Map.of());

    static FormBody form(String... pairs) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            out.add(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8) + "=" + URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return FormBody.parse(String.join("&", out));
    }

    static List<String> badParameters(CategoryRules.Rule rule, String... pairs) {
        ServiceRequestReader.Invalid e = assertThrows(ServiceRequestReader.Invalid.class,
                () -> ServiceRequestReader.read(form(pairs), rule, 2000));
        return e.errors().stream().map(Problem.InvalidParam::parameter).toList();
    }

    @Test
    void aCompleteFormBecomesTheCaseRequestThatTheCaseApiWouldMake() {
        ServiceRequestReader.Submission s = ServiceRequestReader.read(form("api_key", "k", "service_code", "SRHJ-01",
                "lat", "34.7465", "long", "113.6254", "crs", "GCJ-02", "address_string", "兴华街12号", "first_name", "三", "last_name", "张",
                "phone", "138 1234 5678", "email", "z@example.cn", "device_id", "d-1", "account_id", "acc-9",
                "description", "  垃圾满溢\n请处理  ", "media_url", "https://yiwang.example.cn/api/photos/" + "ab".repeat(32)), GARBAGE, 2000);
        assertEquals(new CaseRequest("SRHJ-01", "暴露垃圾及垃圾满溢：兴华街12号", "垃圾满溢\n请处理", "citizen_app", 113.6254, 34.7465,
                CoordinateSystem.GCJ02, null, null, "兴华街12号", "张三", "138 1234 5678", null, List.of("ab".repeat(32))), s.request());
        assertEquals("acc-9", s.accountId());
        assertEquals("d-1", s.deviceId());
    }

    @Test
    void chineseNamesAreFamilyNameFirstLatinNamesFirstLast() {
        assertEquals("张三", ServiceRequestReader.fullName("三", "张"));
        assertEquals("John Smith", ServiceRequestReader.fullName("John", "Smith"));
        assertEquals("Smith", ServiceRequestReader.fullName(null, "Smith"));
        assertNull(ServiceRequestReader.fullName(null, null));
    }

    @Test
    void aLongAddressIsCutToTheTitlesLength() {
        String title = ServiceRequestReader.title("暴露垃圾及垃圾满溢", "路".repeat(300));
        assertEquals(CaseRequest.MAX_TITLE_CHARS, title.codePointCount(0, title.length()));
        assertEquals('…', title.charAt(title.length() - 1));
    }

    @Test
    void coordinatesMustBePlainDecimalNumbersWithinRange() {
        for (String bad : List.of("NaN", "Infinity", "-Infinity", "0x1p5", "34.7d", "34,7", "1e400", "95", "-90.0001", "")) {
            List<String> params = badParameters(GARBAGE, "lat", bad, "long", "113.6", "description", "d");
            assertEquals("lat", params.get(0), bad + " → " + params);
        }
        assertEquals(List.of("long"), badParameters(GARBAGE, "lat", "34.7", "long", "180.5", "description", "d"));
        ServiceRequestReader.Submission ok = ServiceRequestReader.read(form("lat", " +34.5E0 ", "long", "-.5", "description", "d"), GARBAGE, 2000);
        assertEquals(34.5, ok.request().lat());
        assertEquals(-0.5, ok.request().lon());
    }

    @Test
    void aServiceThatNeedsAPositionRefusesAnAddressAloneAndOneThatDoesNotAcceptsIt() {
        assertEquals(List.of("lat", "long"), badParameters(GARBAGE, "address_string", "某路口", "description", "d"));
        ServiceRequestReader.Submission s = ServiceRequestReader.read(form("address_string", "某健身房", "description", "d"), REFUND, 2000);
        assertEquals("某健身房", s.request().address());
        assertNull(s.request().lon());
        assertEquals(List.of("lat", "long"), badParameters(REFUND, "description", "no location at all"));
    }

    @Test
    void everyBadParameterIsReportedAtOnce() {
        List<String> params = badParameters(GARBAGE, "lat", "34.7", "description", "<img src=x>", "phone", "abc", "email", "x",
                "media_url", "file:///etc/passwd", "attribute[A]", "1", "address_id", "9", "lon", "113", "crs", "epsg:3857");
        assertEquals(List.of("attribute[A]", "lon", "description", "address_id", "long", "crs", "phone", "email", "media_url"), params);
    }

    @Test
    void aParameterGivenTwiceIsRefused() {
        assertEquals(List.of("description"), badParameters(GARBAGE, "lat", "34.7", "long", "113.6", "description", "a", "description", "b"));
    }
}
