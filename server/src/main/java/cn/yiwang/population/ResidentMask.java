package cn.yiwang.population;

/**
 * Masks a resident's personal fields for display. Names keep the first and (for three or more
 * characters) the last character: 张三 → 张*, 张三丰 → 张*丰, 欧阳明月 → 欧**月. Phone numbers keep the
 * first three and last four digits (138****5678); ID numbers keep the first two and last two
 * characters (41**************1X). Works on code points, so no character is cut in half.
 */
public final class ResidentMask {

    private ResidentMask() {
    }

    public static String name(String name) {
        int[] cp = name.strip().codePoints().toArray();
        if (cp.length == 0) {
            return "";
        }
        if (cp.length == 1) {
            return "*";
        }
        StringBuilder s = new StringBuilder().appendCodePoint(cp[0]);
        if (cp.length == 2) {
            return s.append('*').toString();
        }
        s.append("*".repeat(cp.length - 2));
        return s.appendCodePoint(cp[cp.length - 1]).toString();
    }

    public static String phone(String phone) {
        String digits = phone.replaceAll("[^0-9]", "");
        if (digits.length() < 8) {
            return "*".repeat(digits.length());
        }
        return digits.substring(0, 3) + "*".repeat(digits.length() - 7) + digits.substring(digits.length() - 4);
    }

    public static String idNumber(String id) {
        String s = id.strip();
        if (s.length() < 6) {
            return "*".repeat(s.length());
        }
        return s.substring(0, 2) + "*".repeat(s.length() - 4) + s.substring(s.length() - 2);
    }
}
