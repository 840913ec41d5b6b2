package io.dmkit.transport.thingspro.internal;

import io.dmkit.api.InvalidConfigurationException;
import io.dmkit.api.SessionConfig;
import io.dmkit.transport.mqtt.ConfigValue;
import java.util.Locale;

/** How a ThingsPro session protects its connection (the {@code security} option, spec §7). */
enum Security {
    /** TLS 1.2 with a pre-shared key: identity = device id, PSK = the key in hex. */
    PSK(8883),
    /** TLS with the service's certificate checked; a client certificate or a password authenticates the device. */
    TLS(8883),
    /** Plain TCP, only when configured explicitly. */
    NONE(1883);

    static final String OPTION = "security";

    final int defaultPort;

    Security(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    /**
     * The mode the configuration asks for; {@code auto} picks TLS when a certificate or root CA is
     * configured, otherwise TLS-PSK when a key is configured.
     */
    static Security of(SessionConfig config) {
        String value = config.option(OPTION).orElse("auto").trim().toLowerCase(Locale.ROOT);
        switch (value) {
            case "psk":
                return PSK;
            case "tls":
                return TLS;
            case "none":
                return NONE;
            case "auto":
                if (config.cert().isPresent() || config.rootCa().isPresent()) {
                    return TLS;
                }
                if (config.key().isPresent()) {
                    return PSK;
                }
                throw new InvalidConfigurationException(OPTION, "nothing to secure the connection with: set key "
                        + "(TLS-PSK), root.ca (TLS) or cert and key (TLS with a client certificate), or set security to "
                        + "'none' to use plain TCP");
            default:
                throw new InvalidConfigurationException(OPTION, ConfigValue.quote(value) + " is not one of auto, psk, tls, none");
        }
    }
}
