package cn.yiwang.photo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Content-addressed photo files: a photo's id is the SHA-256 of its stored bytes (64 lowercase hex
 * digits) and its file is {@code <directory>/<id[0..2]>/<id[2..4]>/<id>.<ext>}, so no directory
 * grows beyond 256 entries per level and no name comes from the client.
 *
 * <p>{@link #put} writes a temp file in the target directory, forces it to disk, then renames it
 * into place atomically, so a reader never sees half a file and a crash leaves at most a stray
 * {@code .tmp-*} file. Storing the same bytes again finds the file and writes nothing;
 * two concurrent puts of the same bytes both end with the one complete file. Files are never
 * changed or deleted here. Thread-safe; directories are created on first write.
 */
public final class PhotoStore {

    /** What a photo id looks like. */
    public static final Pattern ID = Pattern.compile("[0-9a-f]{64}");

    private final Path directory;

    public PhotoStore(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    /** Where a stored photo is. */
    public record Stored(String id, Path path, boolean created) {
    }

    public Path directory() {
        return directory;
    }

    /** The SHA-256 of {@code bytes} as 64 lowercase hex digits. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    public static boolean isId(String s) {
        return s != null && ID.matcher(s).matches();
    }

    /** The file of photo {@code id} in {@code format} (whether or not it exists). */
    public Path path(String id, ImageFormat format) {
        if (!isId(id)) {
            throw new IllegalArgumentException("'" + id + "' is not a photo id (64 lowercase hex digits)");
        }
        return directory.resolve(id.substring(0, 2)).resolve(id.substring(2, 4)).resolve(id + "." + format.extension());
    }

    /** Stores {@code bytes} under their SHA-256, unless a file with that content is already there. */
    public Stored put(byte[] bytes, ImageFormat format) {
        String id = sha256(bytes);
        Path target = path(id, format);
        if (Files.isRegularFile(target)) {
            return new Stored(id, target, false);
        }
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".tmp-", "." + format.extension());
            try {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
                    while (buffer.hasRemaining()) {
                        ch.write(buffer);
                    }
                    ch.force(true);
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return new Stored(id, target, true);
        } catch (IOException e) {
            throw new UncheckedIOException("writing photo " + id + " to " + target + " failed", e);
        }
    }

    /** The bytes of photo {@code id}, or empty when there is no such file. */
    public Optional<byte[]> read(String id, ImageFormat format) {
        try {
            return Optional.of(Files.readAllBytes(path(id, format)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("reading photo " + id + " failed", e);
        }
    }
}
