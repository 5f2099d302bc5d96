package cn.yiwang.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micronaut.runtime.server.EmbeddedServer;

/**
 * Runs one of the console's browser scripts ({@code web/test/browser/*.mjs}, headless Chromium through
 * playwright-core) against an embedded server and fails the test with the script's output when it
 * fails or times out.
 */
public final class BrowserScript {

    private BrowserScript() {
    }

    public static Path webDir() {
        Path p = Path.of("").toAbsolutePath();
        return Files.isDirectory(p.resolve("web")) ? p.resolve("web") : p.resolveSibling("web");
    }

    /** Runs {@code relative} (to web/) with {@code YIWANG_BASE_URL} set to the server, plus {@code environment}. */
    public static String run(EmbeddedServer server, String relative, int timeoutSeconds, Map<String, String> environment)
            throws IOException, InterruptedException {
        Path script = webDir().resolve(relative);
        assertTrue(Files.exists(script), "missing " + script);
        Path log = Files.createTempFile("yiwang-browser", ".log");
        ProcessBuilder builder = new ProcessBuilder("node", script.toString())
                .directory(webDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("YIWANG_BASE_URL", server.getURI().toString() + "/");
        builder.environment().putAll(environment);
        Process p = builder.start();
        boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(out);
        assertTrue(done, relative + " timed out:\n" + out);
        assertEquals(0, p.exitValue(), relative + " failed:\n" + out);
        return out;
    }
}
