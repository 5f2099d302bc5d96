package cn.yiwang.open311;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API keys of Open311 client apps: {@link #generate()} makes a new one ({@value #PREFIX} and 43
 * base64url characters, 256 random bits), {@link #hash(String)} is what the database stores and
 * looks keys up by. An unsalted SHA-256 suffices because generated keys are random, not chosen by
 * people; the documented demo key is the one exception and is refused outside the demo
 * configuration. Thread-safe.
 */
public final class ApiKeys {

    public static final String PREFIX = "o311_";
    /** Longer keys are refused without hashing. */
    public static final int MAX_LENGTH = 200;

    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Lowercase hex SHA-256 of the key's UTF-8 bytes. */
    public static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
