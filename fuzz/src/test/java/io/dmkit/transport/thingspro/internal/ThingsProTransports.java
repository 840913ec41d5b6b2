package io.dmkit.transport.thingspro.internal;

import io.dmkit.api.SessionConfig;
import io.dmkit.api.spi.context.TransportContext;

/** A ThingsPro transport of device {@value #DEVICE}, never connected: its callback is driven directly. */
final class ThingsProTransports {

    static final String DEVICE = "dev-1";
    static final SessionConfig CONFIG = SessionConfig.builder("fuzz").cloudType("thingspro").host("127.0.0.1")
            .deviceId(DEVICE).option("security", "none").build();
    static final ThingsProSettings SETTINGS = ThingsProSettings.from(CONFIG);

    private ThingsProTransports() {
    }

    static ThingsProTransport create(TransportContext context) {
        return new ThingsProTransport(CONFIG, SETTINGS, context);
    }
}
