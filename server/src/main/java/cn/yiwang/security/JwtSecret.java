package cn.yiwang.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The HMAC secret that signs access tokens: {@code YIWANG_JWT_SECRET} (at least 32 characters) when
 * set, otherwise a random secret generated once into {@code <var>/jwt-secret} (mode 600), so tokens
 * survive restarts of one installation and differ between installations.
 */
public final class JwtSecret {

    private static final String PROPERTY = "micronaut.security.token.jwt.signatures.secret.generator.secret";

    private JwtSecret() {
    }

    public static Map<String, Object> properties(Map<String, String> env, Path varDir) throws IOException {
        String fromEnv = env.get("YIWANG_JWT_SECRET");
        if (fromEnv != null && !fromEnv.isBlank()) {
            if (fromEnv.length() < 32) {
                throw new IllegalStateException("YIWANG_JWT_SECRET must be at least 32 characters");
            }
            return Map.of(PROPERTY, fromEnv);
        }
        Files.createDirectories(varDir);
        Path file = varDir.resolve("jwt-secret");
        if (!Files.exists(file)) {
            byte[] random = new byte[48];
            new SecureRandom().nextBytes(random);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random));
        }
        return Map.of(PROPERTY, Files.readString(file).trim());
    }

    /** A fresh random secret (tests). */
    public static String random() {
        byte[] random = new byte[48];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
