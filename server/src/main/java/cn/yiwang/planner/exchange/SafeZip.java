package cn.yiwang.planner.exchange;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Unpacks a zip into memory with limits: at most {@code maxEntries} entries and {@code maxUncompressedBytes}
 * in all, counted while inflating (a zip bomb's headers may lie about sizes), and no entry whose name
 * leaves the archive ({@code ../}, an absolute path, a drive letter, a backslash path). Directories are
 * skipped; names are kept as written.
 */
public final class SafeZip {

    private SafeZip() {
    }

    /**
     * @return entry name → bytes, in archive order
     * @throws ImportRefusedException naming the entry (or {@code file}) when a limit is passed or a name is unsafe
     */
    public static Map<String, byte[]> unpack(byte[] zip, int maxEntries, long maxUncompressedBytes) throws ImportRefusedException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        long total = 0;
        int entries = 0;
        byte[] buffer = new byte[64 * 1024];
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                String name = e.getName();
                if (unsafe(name)) {
                    throw new ImportRefusedException("file/" + name, "the zip entry '" + name + "' points outside the archive");
                }
                if (++entries > maxEntries) {
                    throw new ImportRefusedException("file", "the zip has more than " + maxEntries + " entries");
                }
                if (e.isDirectory()) {
                    continue;
                }
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                int n;
                while ((n = read(in, buffer)) > 0) {
                    total += n;
                    if (total > maxUncompressedBytes) {
                        throw new ImportRefusedException("file/" + name, "the zip inflates to more than " + maxUncompressedBytes
                                + " bytes (a zip bomb?)");
                    }
                    bytes.write(buffer, 0, n);
                }
                out.put(name, bytes.toByteArray());
            }
        } catch (IOException e) {
            throw new ImportRefusedException("file", "is not a readable zip: " + e.getMessage());
        }
        if (entries == 0) {
            throw new ImportRefusedException("file", "is not a zip or holds no entries");
        }
        return out;
    }

    private static int read(InputStream in, byte[] buffer) throws IOException {
        return in.read(buffer, 0, buffer.length);
    }

    static boolean unsafe(String name) {
        String n = name.replace('\\', '/');
        if (n.startsWith("/") || n.matches("(?i)^[a-z]:.*") || name.contains("\\")) {
            return true;
        }
        for (String part : n.toLowerCase(Locale.ROOT).split("/")) {
            if (part.equals("..")) {
                return true;
            }
        }
        return false;
    }
}
