package cn.yiwang.security;

import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.reactivestreams.Publisher;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Singleton;

/**
 * Remembers bearer tokens that a validator accepted, so the same token is not parsed, its signature
 * checked and its claims read again on every request of a session (about a tenth of the server's
 * CPU on the intake path, where every case is one request).
 *
 * <p>Every {@link TokenValidator} bean (the JWT one) is wrapped when it is created. A token it
 * accepted is answered from memory until the earlier of its own {@code exp} claim and
 * {@link #TTL_MILLIS} after it was checked; a token without a readable {@code exp} is never
 * remembered. Nothing is remembered of a refused token, so a forged or expired one is always
 * checked in full. Tokens are not revocable in this product (a disabled user keeps a token until it
 * expires, and the login refuses them), so remembering one for a minute changes no answer. At most
 * {@link #MAX_ENTRIES} tokens are kept; past that the memory is emptied and refilled as requests
 * come. Thread-safe.
 */
@Singleton
@SuppressWarnings({"rawtypes", "unchecked"})
public class TokenValidationCache implements BeanCreatedEventListener<TokenValidator> {

    static final long TTL_MILLIS = 60_000;
    static final int MAX_ENTRIES = 20_000;

    private record Entry(Authentication authentication, long untilMillis) {
    }

    @Override
    public TokenValidator onCreated(BeanCreatedEvent<TokenValidator> event) {
        return new Caching(event.getBean());
    }

    /** When the remembered answer for a token accepted at {@code nowMillis} must be checked again, or −1 for never remember it. */
    static long rememberUntil(Authentication a, long nowMillis) {
        Object exp = a.getAttributes().get("exp");
        long expMillis;
        if (exp instanceof Date d) {
            expMillis = d.getTime();
        } else if (exp instanceof Instant i) {
            expMillis = i.toEpochMilli();
        } else if (exp instanceof Number n) {
            expMillis = n.longValue() * 1000;
        } else {
            return -1;
        }
        return expMillis <= nowMillis ? -1 : Math.min(expMillis, nowMillis + TTL_MILLIS);
    }

    /** A validator that answers tokens its delegate accepted recently from memory. */
    static final class Caching<T> implements TokenValidator<T> {

        private final TokenValidator<T> delegate;
        private final Map<String, Entry> accepted = new ConcurrentHashMap<>();

        Caching(TokenValidator<T> delegate) {
            this.delegate = delegate;
        }

        @Override
        public Publisher<Authentication> validateToken(String token, @Nullable T request) {
            Entry e = accepted.get(token);
            long now = System.currentTimeMillis();
            if (e != null) {
                if (now < e.untilMillis()) {
                    return Publishers.just(e.authentication());
                }
                accepted.remove(token, e);
            }
            return Publishers.then(delegate.validateToken(token, request), a -> remember(token, a));
        }

        private void remember(String token, Authentication a) {
            long now = System.currentTimeMillis();
            long until = rememberUntil(a, now);
            if (until < 0) {
                return;
            }
            if (accepted.size() >= MAX_ENTRIES) {
                accepted.clear();
            }
            accepted.put(token, new Entry(a, until));
        }

        int size() {
            return accepted.size();
        }

        @Override
        public int getOrder() {
            return delegate.getOrder();
        }
    }
}
