package cn.yiwang.cases;

import io.micronaut.core.annotation.Nullable;

/** Masks personal contact data for display: 张三丰 → 张**, 13812345678 → 138****5678. */
public final class ContactMask {

    private ContactMask() {
    }

    public static @Nullable String name(@Nullable String name) {
        if (name == null || name.isEmpty()) {
            return name;
        }
        int first = name.offsetByCodePoints(0, 1);
        int rest = name.codePointCount(first, name.length());
        return name.substring(0, first) + "*".repeat(Math.max(1, rest));
    }

    public static @Nullable String phone(@Nullable String phone) {
        if (phone == null) {
            return null;
        }
        String digits = phone.replaceAll("[^0-9]", "");
        if (digits.length() < 7) {
            return "*".repeat(digits.length());
        }
        return digits.substring(0, 3) + "*".repeat(digits.length() - 7) + digits.substring(digits.length() - 4);
    }
}
