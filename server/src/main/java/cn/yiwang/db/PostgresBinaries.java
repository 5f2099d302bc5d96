package cn.yiwang.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Locates the PostgreSQL server binaries ({@code initdb}, {@code pg_ctl}, {@code postgres}) of the
 * operating system: {@code $YIWANG_PG_BIN}, then {@code pg_config --bindir}, then the newest
 * {@code /usr/lib/postgresql/<major>/bin} (Debian/Ubuntu layout). Also tells whether the PostGIS
 * extension is installed for that server ({@code postgis.control} in the server's share directory).
 */
public record PostgresBinaries(Path binDir) {

    static final String MISSING_HINT =
            "PostgreSQL server with PostGIS is not installed. As root run: "
                    + "apt-get update && apt-get install -y postgresql-15-postgis-3";

    public Path initdb() {
        return binDir.resolve("initdb");
    }

    public Path pgCtl() {
        return binDir.resolve("pg_ctl");
    }

    /** The newest usable installation, or an {@link IllegalStateException} that says how to install one. */
    public static PostgresBinaries locate() {
        List<Path> candidates = new ArrayList<>();
        String override = System.getenv("YIWANG_PG_BIN");
        if (override != null && !override.isBlank()) {
            candidates.add(Path.of(override));
        }
        pgConfigBinDir().ifPresent(candidates::add);
        candidates.addAll(debianBinDirs());
        for (Path dir : candidates) {
            if (Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl"))
                    && Files.isExecutable(dir.resolve("postgres"))) {
                return new PostgresBinaries(dir);
            }
        }
        throw new IllegalStateException(MISSING_HINT + " (looked in " + candidates + ")");
    }

    /** Whether {@code postgis.control} exists for this server version (Debian: /usr/share/postgresql/N/extension). */
    public boolean hasPostgis() {
        Path major = binDir.getParent();
        if (major != null && major.getFileName() != null) {
            Path debianShare = Path.of("/usr/share/postgresql", major.getFileName().toString(), "extension", "postgis.control");
            if (Files.exists(debianShare)) {
                return true;
            }
        }
        Path share = binDir.getParent() == null ? null : binDir.getParent().resolve("share/extension/postgis.control");
        return share != null && Files.exists(share);
    }

    private static Optional<Path> pgConfigBinDir() {
        try {
            Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.isEmpty()) {
                return Optional.of(Path.of(out));
            }
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    private static List<Path> debianBinDirs() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                    .sorted(Comparator.comparingDouble((Path v) -> Double.parseDouble(v.getFileName().toString())).reversed())
                    .map(v -> v.resolve("bin"))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
