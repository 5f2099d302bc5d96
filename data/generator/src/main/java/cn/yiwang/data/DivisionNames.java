package cn.yiwang.data;

import java.util.List;

/**
 * Turns the official names of community and village committees into the short names grids
 * carry: "兴华街社区居民委员会" → "兴华街社区", "候沟村委会" → "候沟村",
 * "关虎屯村民委员会" → "关虎屯村", "嵩溪园居委会" → "嵩溪园社区". Names without a committee
 * suffix ("滨湖社区") and provisional ones ("郑州火车站地区拟居委会") are kept as they are.
 * Stateless and thread-safe.
 */
final class DivisionNames {
    private static final List<String> VILLAGE_SUFFIXES = List.of("村民委员会", "村委会");
    /** Longest first, so "居民管理委员会" wins over "管理委员会" and "委员会". */
    private static final List<String> RESIDENT_SUFFIXES =
            List.of("居民管理委员会", "居民委员会", "居民居委会", "管理委员会", "委员会", "居委会");

    private DivisionNames() {
    }

    static String shortName(String official) {
        for (String suffix : VILLAGE_SUFFIXES) {
            if (official.endsWith(suffix) && official.length() > suffix.length()) {
                String base = official.substring(0, official.length() - suffix.length());
                return base.endsWith("村") ? base : base + "村";
            }
        }
        for (String suffix : RESIDENT_SUFFIXES) {
            if (official.endsWith(suffix) && official.length() > suffix.length()) {
                String base = official.substring(0, official.length() - suffix.length());
                if (base.endsWith("拟")) {
                    return official;
                }
                return base.endsWith("社区") ? base : base + "社区";
            }
        }
        return official;
    }
}
