package cn.yiwang.category;

import java.util.Optional;

/**
 * A department or unit that handles cases (职能部门, 公共服务企业).
 *
 * @param code        stable ASCII id, {@value #CODE_PATTERN}
 * @param nameZh      Chinese name (区城市管理局)
 * @param level       district (区局委), street (街道 and the bureaus' street-level offices) or unit
 *                    (utilities, property companies and other non-government units)
 * @param description its duties in one or two sentences
 * @param active      inactive departments are kept for old cases but take no new ones
 */
public record Department(String code, String nameZh, Level level, String description, boolean active, Revision revision) {

    public static final String CODE_PATTERN = "^[a-z][a-z0-9_]{1,39}$";

    /** Where a department sits. */
    public enum Level {
        DISTRICT, STREET, UNIT;

        public String key() {
            return Keyed.key(this);
        }

        public static Optional<Level> fromKey(String key) {
            return Keyed.fromKey(Level.class, key);
        }
    }

    public Department withRevision(Revision r) {
        return new Department(code, nameZh, level, description, active, r);
    }
}
