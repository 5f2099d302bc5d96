package cn.yiwang.open311;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cn.yiwang.cases.ContactMask;
import io.micronaut.core.annotation.Nullable;

/**
 * Masks personal data that people type into free text before the text is published: mainland
 * mobile numbers (13812345678 → 138****5678), resident identity card numbers (first and last
 * character kept) and e-mail addresses (local part masked). Heuristic: it catches what is written
 * as digits, not "一三八…" or numbers split by spaces. Pure; thread-safe.
 */
public final class PersonalDataRedactor {

    private static final Pattern MOBILE = Pattern.compile("(?<![0-9])(?:\\+?86[ -]?)?1[3-9][0-9](?:[ -]?[0-9]{4}){2}(?![0-9])");
    private static final Pattern ID_CARD = Pattern.compile("(?<![0-9])[1-9][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])"
            + "(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9Xx])");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");

    private PersonalDataRedactor() {
    }

    public static @Nullable String redact(@Nullable String text) {
        if (text == null) {
            return null;
        }
        String out = replace(ID_CARD, text, id -> id.charAt(0) + "*".repeat(id.length() - 2) + id.charAt(id.length() - 1));
        out = replace(MOBILE, out, m -> {
            String d = digits(m);
            return ContactMask.phone(d.substring(d.length() - 11));
        });
        return replace(EMAIL, out, e -> "***" + e.substring(e.indexOf('@')));
    }

    private static String digits(String s) {
        return s.replaceAll("[^0-9]", "");
    }

    private static String replace(Pattern p, String text, java.util.function.UnaryOperator<String> mask) {
        Matcher m = p.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(mask.apply(m.group())));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
