package cn.yiwang.open311;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.yiwang.security.SecuritySettings;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.annotation.Order;
import jakarta.inject.Singleton;

/**
 * With {@code yiwang.security.demo-users} on, registers the client app "{@value #DEMO_NAME}" with the
 * documented key {@value #DEMO_KEY}, so the README's curl tour works. With it off (production) it
 * creates nothing and refuses to start while that client is still registered and enabled: a
 * published key must not open a production intake. Runs after {@code DemoUsers}.
 */
@Singleton
@Order(30)
public class DemoOpen311Client implements ApplicationEventListener<StartupEvent> {

    public static final String DEMO_KEY = "demo-open311-key";
    public static final String DEMO_NAME = "演示随手拍小程序";
    private static final Logger LOG = LoggerFactory.getLogger(DemoOpen311Client.class);

    private final Open311ClientService clients;
    private final Open311ClientRepository repository;
    private final SecuritySettings settings;

    public DemoOpen311Client(Open311ClientService clients, Open311ClientRepository repository, SecuritySettings settings) {
        this.clients = clients;
        this.repository = repository;
        this.settings = settings;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        if (settings.demoUsers()) {
            clients.register(DEMO_NAME, DEMO_KEY, Open311ClientService.DEFAULT_REQUESTS_PER_MINUTE, "system", null, null)
                    .ifPresent(c -> LOG.info("Registered the demo Open311 client {} '{}' (api_key {})", c.id(), c.name(), DEMO_KEY));
            return;
        }
        repository.byKeyHash(ApiKeys.hash(DEMO_KEY)).filter(Open311Client::enabled).ifPresent(c -> {
            throw new IllegalStateException("Refusing to start: the demo Open311 client " + c.id() + " '" + c.name()
                    + "' with the published key is enabled. Disable it (PUT /api/admin/open311/clients/" + c.id()
                    + " {\"enabled\": false}, or in SQL: UPDATE open311_client SET enabled = false WHERE id = " + c.id()
                    + ") or run the demo configuration (yiwang.security.demo-users=true).");
        });
    }
}
