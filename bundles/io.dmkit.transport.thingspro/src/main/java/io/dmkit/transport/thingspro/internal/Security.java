package io.dmkit.transport.thingspro.internal;

import io.dmkit.api.InvalidConfigurationException;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.Setting;
import java.util.Map;

/** How a ThingsPro session protects its connection (the {@code security} option, spec §7). */
enum Security {
    /** TLS 1.2 with a pre-shared key: identity = device id, PSK = the key in hex. */
    PSK(8883),
    /** TLS with the service's certificate checked; a client certificate or a password authenticates the device. */
    TLS(8883),
    /** Plain TCP, only when configured explicitly. */
    NONE(1883);

    private static final Map<String, String> LABELS = Map.of("auto", "Automatic", "psk", "TLS-PSK", "tls", "TLS",
            "none", "None (plain TCP)");

    static final Setting<String> OPTION = Setting.choice("security", (String s) -> s, LABELS::get, "auto", "psk", "tls",
                    "none")
            .defaultValue("auto").label("Security")
            .description("How the connection is protected; 'auto' picks TLS with a certificate or root CA, else "
                    + "TLS-PSK with a key.")
            .build();

    final int defaultPort;

    Security(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    /**
     * The mode the configuration asks for; {@code auto} picks TLS when a certificate or root CA is
     * configured, otherwise TLS-PSK when a key is configured.
     */
    static Security of(SessionConfig config) {
        switch (config.get(OPTION)) {
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
                throw new IllegalStateException("security " + config.get(OPTION));
        }
    }
}
