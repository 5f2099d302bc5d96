/**
 * The population base (人): residents linked to households, with tags, search within the caller's
 * grid scope, masking, audited unmasked views, CSV import and watermarked export.
 *
 * <p>Design: phone and ID numbers are encrypted at rest ({@link PersonalDataCipher}, AES-GCM) with a
 * keyed blind index (HMAC-SHA-256) for exact ID lookup and duplicate checks; lists read only the
 * masked copies stored beside them, so no request but the audited unmasked view ever decrypts. Names
 * stay in clear text to be searchable and are masked on the way out ({@link ResidentMask}) unless the
 * role and scope allow more. Every row carries its micro grid code; scope is a code-prefix test.
 * Places live in {@code place}, status maps (作战图) in {@code status}.
 */
package cn.yiwang.population;
