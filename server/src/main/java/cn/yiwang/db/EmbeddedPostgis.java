package cn.yiwang.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private PostgreSQL + PostGIS cluster run from the operating system's binaries.
 *
 * <p>Layout under {@code baseDir}: {@code pg/} the cluster (owned by the {@code postgres} OS user
 * when we run as root, because PostgreSQL refuses to run as root), {@code credentials.properties}
 * (the generated superuser password, mode 600) and {@code yiwang.lock} (an exclusive OS file lock
 * held while the cluster is ours, so a second copy fails clearly instead of corrupting the data).
 * The server listens on 127.0.0.1 only, on a free port chosen at each start, with unix sockets
 * disabled and scram-sha-256 authentication.
 *
 * <p>{@link #start()} initialises the cluster on first use, removes a {@code postmaster.pid} left
 * by a crash (its process is gone or is not a postgres), stops a postmaster orphaned by a crashed
 * launcher, starts the server, creates the database and the {@code postgis} extension. {@link #close()}
 * stops it (fast shutdown) and releases the lock. Not thread-safe: one launcher per cluster.
 */
public final class EmbeddedPostgis implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgis.class);
    private static final String SUPERUSER = "yiwang";
    private static final String OS_USER_WHEN_ROOT = "postgres";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    /**
     * @param baseDir    folder that holds the cluster, credentials and lock (created if missing)
     * @param database   database to create in the cluster
     * @param durable    false for throwaway test clusters: fsync and synchronous commit off
     */
    public record Options(Path baseDir, String database, boolean durable) {
    }

    /** JDBC coordinates of a running cluster. */
    public record ConnectionInfo(String jdbcUrl, String user, String password, int port) {
    }

    /** Thrown when another process already holds the cluster. */
    public static final class AlreadyRunningException extends IllegalStateException {
        AlreadyRunningException(String message) {
            super(message);
        }
    }

    private final Options options;
    private final PostgresBinaries binaries;
    private final boolean asRoot;
    private FileChannel lockChannel;
    private FileLock lock;
    private ConnectionInfo connection;

    public EmbeddedPostgis(Options options, PostgresBinaries binaries) {
        this.options = options;
        this.binaries = binaries;
        this.asRoot = "root".equals(System.getProperty("user.name"));
    }

    public Path dataDir() {
        return options.baseDir().resolve("pg");
    }

    public ConnectionInfo connection() {
        if (connection == null) {
            throw new IllegalStateException("cluster at " + dataDir() + " is not running");
        }
        return connection;
    }

    /** Starts (initialising on first use) and returns how to connect. */
    public ConnectionInfo start() throws IOException, InterruptedException, SQLException {
        if (!binaries.hasPostgis()) {
            throw new IllegalStateException(PostgresBinaries.MISSING_HINT + " (PostGIS extension files not found for " + binaries.binDir() + ")");
        }
        Files.createDirectories(options.baseDir());
        acquireLock();
        try {
            String password = credentials();
            if (!Files.exists(dataDir().resolve("PG_VERSION"))) {
                initdb(password);
            }
            recoverFromCrash();
            int port = startServer();
            String base = "jdbc:postgresql://127.0.0.1:" + port + "/";
            createDatabase(base, password);
            connection = new ConnectionInfo(base + options.database(), SUPERUSER, password, port);
            return connection;
        } catch (IOException | InterruptedException | SQLException | RuntimeException e) {
            releaseLock();
            throw e;
        }
    }

    /** Stops the server (fast shutdown: running transactions roll back) and releases the lock. */
    @Override
    public void close() {
        try {
            if (connection != null && isRunning()) {
                run(List.of(binaries.pgCtl().toString(), "stop", "-D", dataDir().toString(), "-m", "fast", "-w", "-t", "60"));
            }
        } catch (IOException e) {
            LOG.warn("stopping PostgreSQL at {} failed: {}", dataDir(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            connection = null;
            releaseLock();
        }
    }

    /**
     * Restarts the running server in place ({@code pg_ctl restart}, fast shutdown: open sessions are
     * cut, running transactions roll back) on the same port, so clients reconnect to the same URL.
     * What an operator's restart does to a running Yiwang; the live-stream test uses it.
     */
    public void restart() throws IOException, InterruptedException {
        if (connection == null) {
            throw new IllegalStateException("the cluster at " + dataDir() + " is not started");
        }
        Path log = dataDir().resolve("server.log");
        int rc = run(List.of(binaries.pgCtl().toString(), "restart", "-D", dataDir().toString(), "-m", "fast", "-w", "-t", "60",
                "-l", log.toString()));
        if (rc != 0) {
            throw new IOException("pg_ctl restart failed (exit " + rc + ") for " + dataDir() + "; last lines of " + log + ":\n" + tail(log));
        }
    }

    /**
     * Forgets the cluster without stopping it, as a crashed JVM would: releases the lock and leaves the
     * postmaster running. Only for tests of crash recovery.
     */
    void abandon() {
        connection = null;
        releaseLock();
    }

    /** Whether a postmaster answers for this cluster ({@code pg_ctl status}). */
    public boolean isRunning() throws IOException, InterruptedException {
        if (!Files.exists(dataDir().resolve("PG_VERSION"))) {
            return false;
        }
        return runQuietly(List.of(binaries.pgCtl().toString(), "status", "-D", dataDir().toString())) == 0;
    }

    private void acquireLock() throws IOException {
        Path lockFile = options.baseDir().resolve("yiwang.lock");
        lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            String holder = Files.readString(lockFile).trim();
            lockChannel.close();
            lockChannel = null;
            throw new AlreadyRunningException("Another Yiwang (pid " + (holder.isEmpty() ? "unknown" : holder)
                    + ") is already using the database in " + options.baseDir()
                    + ". Stop it first (Ctrl-C in its terminal), or point this one at another database with DATABASE_URL.");
        }
        lockChannel.truncate(0);
        lockChannel.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
    }

    private void releaseLock() {
        try {
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            LOG.warn("releasing {} failed: {}", options.baseDir().resolve("yiwang.lock"), e.getMessage());
        } finally {
            lock = null;
            lockChannel = null;
        }
    }

    private String credentials() throws IOException {
        Path file = options.baseDir().resolve("credentials.properties");
        Properties props = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                props.load(in);
            }
            String existing = props.getProperty("password");
            if (existing != null && !existing.isBlank()) {
                return existing;
            }
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        props.setProperty("user", SUPERUSER);
        props.setProperty("password", password);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(file)) {
            props.store(out, "Generated superuser of the private Yiwang PostgreSQL cluster in ./pg");
        }
        return password;
    }

    private void initdb(String password) throws IOException, InterruptedException {
        Path data = dataDir();
        if (Files.exists(data)) {
            try (Stream<Path> entries = Files.list(data)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalStateException(data + " exists but holds no PostgreSQL cluster (no PG_VERSION); move it away");
                }
            }
        }
        Files.createDirectories(data);
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
        Path pwfile = options.baseDir().resolve(".initdb-pw");
        Files.deleteIfExists(pwfile);
        Files.createFile(pwfile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(pwfile, password + "\n");
        try {
            if (asRoot) {
                ensureTraversable(options.baseDir());
                chownToPostgres(data);
                chownToPostgres(pwfile);
            }
            LOG.info("Initialising a private PostgreSQL cluster in {}", data);
            int rc = run(List.of(binaries.initdb().toString(), "-D", data.toString(), "-U", SUPERUSER,
                    "--pwfile=" + pwfile, "--auth-local=scram-sha-256", "--auth-host=scram-sha-256",
                    "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions"));
            if (rc != 0) {
                throw new IllegalStateException("initdb failed for " + data + " (exit " + rc + "); see the log above");
            }
        } finally {
            Files.deleteIfExists(pwfile);
        }
        List<String> conf = new ArrayList<>(List.of(
                "",
                "# Yiwang private cluster: loopback TCP only, no unix socket.",
                "listen_addresses = '127.0.0.1'",
                "unix_socket_directories = ''",
                "max_connections = 100",
                "shared_buffers = '256MB'",
                "work_mem = '32MB'",
                "maintenance_work_mem = '256MB'",
                "logging_collector = off",
                "log_min_messages = warning"));
        if (!options.durable()) {
            conf.add("fsync = off");
            conf.add("synchronous_commit = off");
            conf.add("full_page_writes = off");
        }
        Files.write(data.resolve("postgresql.conf"), conf, StandardOpenOption.APPEND);
    }

    private void recoverFromCrash() throws IOException, InterruptedException {
        Path pidFile = dataDir().resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        long pid = lines.isEmpty() ? -1 : parseLong(lines.get(0).trim());
        boolean postgresAlive = pid > 0 && ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .map(h -> h.info().command().orElse("").endsWith("postgres")
                        || commandLine(pid).contains("postgres"))
                .orElse(false);
        if (postgresAlive) {
            // We hold the lock, so no live Yiwang owns this postmaster: a crashed launcher left it behind.
            LOG.warn("A PostgreSQL server (pid {}) orphaned by an earlier crash still runs on {}; stopping it", pid, dataDir());
            run(List.of(binaries.pgCtl().toString(), "stop", "-D", dataDir().toString(), "-m", "fast", "-w", "-t", "60"));
        } else {
            LOG.warn("Removing stale {} (pid {} is not a running postgres)", pidFile, pid);
            Files.delete(pidFile);
        }
    }

    private int startServer() throws IOException, InterruptedException {
        Path log = dataDir().resolve("server.log");
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            int rc = run(List.of(binaries.pgCtl().toString(), "start", "-D", dataDir().toString(), "-l", log.toString(),
                    "-w", "-t", Long.toString(START_TIMEOUT.toSeconds()), "-o", "-p " + port));
            if (rc == 0) {
                return port;
            }
            last = new IOException("pg_ctl start failed (exit " + rc + ") for " + dataDir() + "; last lines of " + log + ":\n" + tail(log));
            LOG.warn(last.getMessage());
        }
        throw last;
    }

    private void createDatabase(String base, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(base + "postgres", SUPERUSER, password);
             Statement st = c.createStatement()) {
            boolean exists;
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + options.database().replace("'", "''") + "'")) {
                exists = rs.next();
            }
            if (!exists) {
                st.execute("CREATE DATABASE \"" + options.database().replace("\"", "\"\"") + "\" ENCODING 'UTF8' TEMPLATE template0");
            }
        }
        try (Connection c = DriverManager.getConnection(base + options.database(), SUPERUSER, password);
             Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS postgis");
        }
    }

    private int run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(asPostgresUser(command)).redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        if (!p.waitFor(START_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", command));
        }
        if (!out.isEmpty()) {
            LOG.debug("{}: {}", command.get(0), out);
        }
        if (p.exitValue() != 0 && !out.isEmpty()) {
            LOG.warn("{} exited {}: {}", String.join(" ", command), p.exitValue(), out);
        }
        return p.exitValue();
    }

    private int runQuietly(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(asPostgresUser(command)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    private List<String> asPostgresUser(List<String> command) {
        if (!asRoot) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", OS_USER_WHEN_ROOT, "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static void chownToPostgres(Path path) throws IOException {
        UserPrincipal owner = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(OS_USER_WHEN_ROOT);
        Files.setOwner(path, owner);
    }

    /** The postgres OS user must be able to reach the cluster through every parent folder. */
    private static void ensureTraversable(Path dir) throws IOException {
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            var perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
            if (!perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                LOG.warn("Adding o+x to {} so the postgres OS user can reach the cluster", p);
                perms.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
                Files.setPosixFilePermissions(p, perms);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
