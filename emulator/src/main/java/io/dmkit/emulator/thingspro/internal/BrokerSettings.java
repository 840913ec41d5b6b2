package io.dmkit.emulator.thingspro.internal;

import io.dmkit.emulator.thingspro.ServiceOptions;
import io.dmkit.transport.mqtt.ConnectSettings;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** The service's {@link ServiceOptions} as the shared plumbing's {@link ConnectSettings}. */
final class BrokerSettings {

    private BrokerSettings() {
    }

    /** Settings for a clean-session connection that subscribes to {@code filters} at QoS 1. */
    static ConnectSettings of(ServiceOptions options, List<String> filters) {
        ConnectSettings.Builder b = ConnectSettings.builder(options.brokerUri(), options.clientId())
                .keepAliveSeconds(options.keepAliveSeconds())
                // Paho counts whole seconds and ConnectSettings rounds down; round up instead, so that
                // BrokerConnection's own deadline (to the millisecond) is what ends a slow attempt.
                .connectTimeout(Duration.ofSeconds(ceilSeconds(options.connectTimeout())))
                .maxInflight(options.maxInflight())
                .subscriptions(filters);
        options.socketFactory().ifPresent(b::socketFactory);
        options.username().ifPresent(user -> {
            char[] password = options.password().orElse(null); // a copy, which the builder copies again
            b.credentials(user, password);
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        });
        return b.build();
    }

    private static long ceilSeconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }
}
