package cn.yiwang.layers.cases;

import java.util.Locale;

import cn.yiwang.cases.CaseStatus;

/**
 * The five colours of cases on the map, one per stage of the closed loop. The SQL function
 * {@code case_status_group} (sql/V13) is the same mapping for views and GeoServer; a test checks
 * they agree on every {@link CaseStatus}. Colours match {@code web/src/cases.js} and
 * {@code data/styles/cases-open.sld}.
 */
public enum CaseStatusGroup {
    /** 待受理: reported, accepted or registered, not yet dispatched. */
    PENDING("待受理", "#f39c12"),
    /** 处置中: dispatched and being worked on (including returned, suspended, escalated …). */
    WORKING("处置中", "#2d7dd2"),
    /** 待核查: handled or verified, waiting for closure. */
    HANDLED("待结案", "#16a085"),
    /** 已结案: closed or evaluated. */
    CLOSED("已结案", "#7f8c8d"),
    /** 不予受理 or merged into another case. */
    VOID("已作废", "#bdc3c7");

    private final String nameZh;
    private final String color;

    CaseStatusGroup(String nameZh, String color) {
        this.nameZh = nameZh;
        this.color = color;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String nameZh() {
        return nameZh;
    }

    /** CSS colour of the group on the map. */
    public String color() {
        return color;
    }

    public static CaseStatusGroup of(CaseStatus status) {
        return switch (status) {
            case REPORTED, ACCEPTED, REGISTERED -> PENDING;
            case HANDLED, VERIFIED -> HANDLED;
            case CLOSED, EVALUATED -> CLOSED;
            case REJECTED, MERGED -> VOID;
            default -> WORKING;
        };
    }

    /** The group of a status key; an unknown key (a status added later) counts as working. */
    public static CaseStatusGroup ofKey(String statusKey) {
        try {
            return of(CaseStatus.fromKey(statusKey));
        } catch (IllegalArgumentException e) {
            return WORKING;
        }
    }
}
