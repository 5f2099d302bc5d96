package cn.yiwang.population;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/**
 * The {@link PersonalDataCipher} of this installation: {@code yiwang.population.key} (base64, 32
 * bytes) when configured, otherwise a random key generated once into {@code yiwang.population.key-file}.
 * Losing that file makes the stored phone and ID numbers unreadable: back it up with the database.
 */
@Factory
class PersonalDataCipherFactory {

    @Singleton
    PersonalDataCipher cipher(PopulationConfiguration config) {
        return new PersonalDataCipher(key(config));
    }

    static byte[] key(PopulationConfiguration config) {
        if (config.key() != null && !config.key().isBlank()) {
            try {
                return Base64.getDecoder().decode(config.key().strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("yiwang.population.key is not base64", e);
            }
        }
        Path file = Path.of(config.keyFile());
        try {
            if (!Files.exists(file)) {
                if (file.getParent() != null) {
                    Files.createDirectories(file.getParent());
                }
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, Base64.getEncoder().encodeToString(random));
            }
            return Base64.getDecoder().decode(Files.readString(file).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("reading the population key " + file, e);
        }
    }
}
