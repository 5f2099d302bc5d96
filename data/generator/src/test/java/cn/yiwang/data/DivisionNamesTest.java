package cn.yiwang.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DivisionNamesTest {
    @ParameterizedTest
    @CsvSource({
            "兴华街社区居民委员会, 兴华街社区",
            "互助路社区居委会, 互助路社区",
            "体育社区居民居委会, 体育社区",
            "亚星社区居民管理委员会, 亚星社区",
            "贾寨社区管理委员会, 贾寨社区",
            "福华南街社区委员会, 福华南街社区",
            "嵩溪园居委会, 嵩溪园社区",
            "候沟村委会, 候沟村",
            "王庄村村民委员会, 王庄村",
            "关虎屯村民委员会, 关虎屯村",
            "滨湖社区, 滨湖社区",
            "郑州火车站地区拟居委会, 郑州火车站地区拟居委会",
    })
    void committeeSuffixIsTrimmed(String official, String expected) {
        assertEquals(expected, DivisionNames.shortName(official));
    }
}
