package cn.yiwang.live;

import java.util.Optional;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.token.reader.TokenReader;
import jakarta.inject.Singleton;

/**
 * Browsers' {@code EventSource} cannot send an {@code Authorization} header, so {@code GET /api/live}
 * (and only it) also takes the access token as the query parameter {@code access_token}. The token
 * is checked exactly like a bearer token (signature, expiry); a header, when present, wins.
 */
@Singleton
public class LiveQueryTokenReader implements TokenReader<HttpRequest<?>> {

    public static final String PARAMETER = "access_token";
    static final String PATH = "/api/live";

    @Override
    public Optional<String> findToken(HttpRequest<?> request) {
        if (!PATH.equals(request.getPath()) || request.getHeaders().contains(HttpHeaders.AUTHORIZATION)) {
            return Optional.empty();
        }
        return request.getParameters().getFirst(PARAMETER).filter(t -> !t.isBlank());
    }

    @Override
    public int getOrder() {
        // After the bearer header reader.
        return 100;
    }
}
