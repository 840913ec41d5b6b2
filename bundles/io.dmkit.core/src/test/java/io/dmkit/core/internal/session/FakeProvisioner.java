package io.dmkit.core.internal.session;

import io.dmkit.api.SessionConfig;
import io.dmkit.api.Setting;
import io.dmkit.api.spi.IssuedIdentity;
import io.dmkit.api.spi.Provisioner;
import io.dmkit.api.spi.ProvisioningClient;
import io.dmkit.api.spi.context.ProvisioningContext;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provisioner driven by the test: each {@link ProvisioningClient#provision()} is a future the test
 * completes. Sessions ask for it with the option {@value #SCOPE}.
 */
final class FakeProvisioner implements Provisioner {

    static final String SCOPE = "acme.scope";
    static final Setting<String> SCOPE_SETTING = Setting.text(SCOPE).build();

    final BlockingQueue<CompletableFuture<IssuedIdentity>> provisions = new LinkedBlockingQueue<>();
    final AtomicInteger clientsClosed = new AtomicInteger();
    volatile Path directory;
    private final String cloudType;

    FakeProvisioner(String cloudType) {
        this.cloudType = cloudType;
    }

    @Override
    public String name() {
        return "acme-dps";
    }

    @Override
    public String cloudType() {
        return cloudType;
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(SCOPE_SETTING);
    }

    @Override
    public boolean isRequestedBy(SessionConfig config) {
        return config.option(SCOPE).isPresent();
    }

    @Override
    public ProvisioningClient create(SessionConfig config, ProvisioningContext context) {
        directory = context.directory();
        return new ProvisioningClient() {
            @Override
            public CompletionStage<IssuedIdentity> provision() {
                CompletableFuture<IssuedIdentity> f = new CompletableFuture<>();
                provisions.add(f);
                return f;
            }

            @Override
            public void close() {
                clientsClosed.incrementAndGet();
            }

            @Override
            public String toString() {
                return "acme DPS";
            }
        };
    }

    /** The next provisioning attempt the core made. */
    CompletableFuture<IssuedIdentity> next() throws InterruptedException {
        CompletableFuture<IssuedIdentity> f = provisions.poll(5, TimeUnit.SECONDS);
        if (f == null) {
            throw new AssertionError("the core did not provision within 5 s");
        }
        return f;
    }
}
