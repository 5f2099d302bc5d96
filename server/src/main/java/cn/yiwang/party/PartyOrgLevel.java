package cn.yiwang.party;

import java.util.Locale;

/** The levels of the party organisation tree, top down; {@link #key()} is the stored spelling. */
public enum PartyOrgLevel {
    DISTRICT_COMMITTEE("区委"),
    STREET_WORKING_COMMITTEE("街道党工委"),
    COMMUNITY_COMMITTEE("社区党委"),
    GRID_BRANCH("网格党支部"),
    COMPOUND_GROUP("楼院党小组");

    private final String nameZh;

    PartyOrgLevel(String nameZh) {
        this.nameZh = nameZh;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String nameZh() {
        return nameZh;
    }

    public static PartyOrgLevel fromKey(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }
}
