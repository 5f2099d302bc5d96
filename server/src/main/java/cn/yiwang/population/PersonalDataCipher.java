package cn.yiwang.population;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts personal fields (phone, ID number) with AES-256-GCM and computes their blind index
 * (HMAC-SHA-256). Both keys derive from one 32-byte master key (HMAC of a label), so rotating the
 * master key rotates both. Ciphertext layout: 1 version byte, 12-byte random nonce, ciphertext + tag.
 * Thread-safe: every call makes its own {@link Cipher} and {@link Mac}.
 */
public final class PersonalDataCipher {

    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec encryptionKey;
    private final SecretKeySpec indexKey;
    private final SecureRandom random = new SecureRandom();

    /** @param masterKey 32 bytes */
    public PersonalDataCipher(byte[] masterKey) {
        if (masterKey == null || masterKey.length != 32) {
            throw new IllegalArgumentException("the population key must be 32 bytes, got "
                    + (masterKey == null ? "none" : masterKey.length));
        }
        this.encryptionKey = new SecretKeySpec(hmac(masterKey, "yiwang.population.encrypt"), "AES");
        this.indexKey = new SecretKeySpec(hmac(masterKey, "yiwang.population.index"), "HmacSHA256");
    }

    public byte[] encrypt(String plain) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encrypting failed", e);
        }
    }

    /** @throws IllegalArgumentException when the value was not sealed by this key (or was altered) */
    public String decrypt(byte[] sealed) {
        if (sealed == null || sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw new IllegalArgumentException("not a sealed value of version " + VERSION);
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, Arrays.copyOfRange(sealed, 1, 1 + NONCE_BYTES)));
            return new String(c.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalArgumentException("the value does not open with this key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("decrypting failed", e);
        }
    }

    /** The blind index of an ID number (upper-cased, trimmed first): equal IDs, equal index. */
    public byte[] index(String idNumber) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(indexKey);
            return mac.doFinal(idNumber.strip().toUpperCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("indexing failed", e);
        }
    }

    private static byte[] hmac(byte[] key, String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("deriving keys failed", e);
        }
    }
}
