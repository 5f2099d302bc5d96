import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Planner import/export figures on the city cluster: for every district, the micro grids exported as a
 * GeoPackage over HTTP and imported back into a draft over HTTP (the full path: upload, GeoPackage read,
 * CRS, checks, draft stored, validated, answered). Prints per district the count, sizes and times, and
 * the totals (the goal: 47,188 micro grids imported in ≤ 60 s).
 *
 * Arguments: base URL, comma-separated district codes, output directory for the GeoPackages.
 */
public class PlannerImportBench {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String[] districts = args[1].split(",");
        Path out = Path.of(args[2]);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long exportNanos = 0;
        long importNanos = 0;
        long bytes = 0;
        int features = 0;
        for (String d : districts) {
            String token = login(client, base, "bench_imp_" + d);
            long t0 = System.nanoTime();
            HttpResponse<byte[]> e = client.send(HttpRequest.newBuilder(URI.create(base + "/api/planner/export?format=gpkg&level=micro&parent=" + d))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            long t1 = System.nanoTime();
            if (e.statusCode() != 200) {
                throw new IllegalStateException("export of " + d + ": " + e.statusCode() + " " + new String(e.body()));
            }
            Path file = out.resolve("micro-" + d + ".gpkg");
            Files.write(file, e.body());
            long t2 = System.nanoTime();
            HttpResponse<String> i = client.send(HttpRequest.newBuilder(URI.create(base + "/api/planner/imports?format=gpkg&level=micro&parent=" + d))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/geopackage+sqlite3")
                    .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
            long t3 = System.nanoTime();
            if (i.statusCode() != 201) {
                throw new IllegalStateException("import of " + d + ": " + i.statusCode() + " " + clip(i.body()));
            }
            int n = Integer.parseInt(field(i.body(), "\"features\":(\\d+)"));
            String problems = field(i.body(), "\"problems\":(\\{[^}]*\\})");
            String millis = field(i.body(), "\"millis\":(\\d+)") + ", of which reading " + field(i.body(), "\"readMillis\":(\\d+)");
            exportNanos += t1 - t0;
            importNanos += t3 - t2;
            bytes += e.body().length;
            features += n;
            System.out.printf(Locale.ROOT, "  %s: %,6d micro grids, gpkg %,9d bytes, export %6.2f s, import %6.2f s (server %s ms), problems %s%n",
                    d, n, e.body().length, (t1 - t0) / 1e9, (t3 - t2) / 1e9, millis, problems);
        }
        System.out.printf(Locale.ROOT, "  all %d districts: %,d micro grids, %,d bytes of GeoPackage; export %.1f s, import %.1f s (goal <= 60 s)%n",
                districts.length, features, bytes, exportNanos / 1e9, importNanos / 1e9);
    }

    static String login(HttpClient client, String base, String user) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"yiwang-demo\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("login of " + user + ": " + r.statusCode() + " " + r.body());
        }
        return field(r.body(), "\"access_token\":\"([^\"]+)\"");
    }

    static String field(String body, String regex) {
        Matcher m = Pattern.compile(regex).matcher(body);
        return m.find() ? m.group(1) : "?";
    }

    static String clip(String s) {
        return s.length() > 600 ? s.substring(0, 600) + "…" : s;
    }
}
