package cn.yiwang.party;

import java.util.Locale;
import java.util.Optional;

/** Kinds of shops, services and organisations, with their category and Chinese name. */
public enum ServicePointKind {
    CONVENIENCE_STORE("shop", "便利店"),
    WET_MARKET("shop", "菜市场"),
    PHARMACY("shop", "药店"),
    EXPRESS("shop", "快递"),
    HEALTH_STATION("service", "社区卫生服务站"),
    ELDERLY_CARE("service", "养老服务"),
    KINDERGARTEN("service", "幼儿园"),
    SOCIAL_ORG("social_org", "社会组织"),
    COMPANY("company", "企业");

    private final String category;
    private final String nameZh;

    ServicePointKind(String category, String nameZh) {
        this.category = category;
        this.nameZh = nameZh;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String category() {
        return category;
    }

    public String nameZh() {
        return nameZh;
    }

    public static Optional<ServicePointKind> parse(String raw) {
        for (ServicePointKind k : values()) {
            if (k.key().equals(raw)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
