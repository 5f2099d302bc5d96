package cn.yiwang.population;

import java.time.LocalDate;
import java.util.Locale;

/**
 * Resident ID numbers (GB 11643-1999, 18 characters: 6-digit region, 8-digit birth date, 3-digit
 * sequence, check character by ISO 7064 MOD 11-2) and the test numbers the demo makes: region
 * {@value #TEST_REGION}, which no administrative division uses (codes start with 1–8), so a
 * generated number can never be a real person's, yet passes the check-digit test like a real one.
 */
public final class IdNumbers {

    /** The region code of generated numbers: no such division exists. */
    public static final String TEST_REGION = "990000";

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

    private IdNumbers() {
    }

    /** The check character of the first 17 digits. */
    public static char checkCharacter(String first17) {
        if (first17.length() != 17 || !first17.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("need 17 digits, got '" + first17 + "'");
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK[sum % 11];
    }

    /** Whether {@code id} is 18 characters with a valid date and check character. */
    public static boolean valid(String id) {
        if (id == null || !id.matches("[0-9]{17}[0-9Xx]")) {
            return false;
        }
        try {
            LocalDate.of(Integer.parseInt(id.substring(6, 10)), Integer.parseInt(id.substring(10, 12)), Integer.parseInt(id.substring(12, 14)));
        } catch (java.time.DateTimeException e) {
            return false;
        }
        return Character.toUpperCase(id.charAt(17)) == checkCharacter(id.substring(0, 17));
    }

    /** A test number in region {@value #TEST_REGION}; {@code sequence} 0–999 (odd: male). */
    public static String test(LocalDate birth, int sequence) {
        String first17 = TEST_REGION + String.format(Locale.ROOT, "%04d%02d%02d%03d", birth.getYear(), birth.getMonthValue(),
                birth.getDayOfMonth(), sequence % 1000);
        return first17 + checkCharacter(first17);
    }
}
