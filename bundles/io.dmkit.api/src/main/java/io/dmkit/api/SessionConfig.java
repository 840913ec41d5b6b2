package io.dmkit.api;

import io.dmkit.wire.text.Printable;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The configuration of one session: the seed's {@code DMSession} input fields plus the settings
 * dmkit adds. Immutable; build it with {@link #builder(String)} or read it from configuration
 * properties with {@link #fromProperties(Map)}.
 *
 * <p>Each setting every session has is declared once, as one of the {@link Setting} constants here,
 * with its property name in the factory configuration {@value #FACTORY_PID}, its default and its
 * checks; {@link #settings()} lists them. Properties that are not among them are kept as
 * {@link #options()} for the transport of the cloud type, which declares and reads them as settings
 * of its own ({@link io.dmkit.api.spi.TransportFactory#settings()}, {@link #get(Setting)}).
 *
 * <p>{@link #toString()} never shows a secret: it masks the values of secret settings and shows
 * only the names of transport options, whose declarations only the transport knows.
 */
public final class SessionConfig {

    /** The factory PID of session configurations in ConfigAdmin. */
    public static final String FACTORY_PID = "io.dmkit.session";

    /** Where queued messages are kept. */
    public enum Outbox {
        /** On disk (SQLite) where dmkit has a data directory; survives restarts and crashes. */
        PERSISTENT("persistent", "On disk (survives restarts)"),
        /** In memory only; lost with the process. */
        MEMORY("memory", "In memory");

        private final String value;
        private final String label;

        Outbox(String value, String label) {
            this.value = value;
            this.label = label;
        }

        /** The configuration value. */
        public String value() {
            return value;
        }

        /** How a form shows it. */
        public String label() {
            return label;
        }
    }

    /** What a full message queue does with one more message. */
    public enum Overflow {
        /** The new message is refused ({@value DmResult#QUEUE_FULL}). */
        REJECT("reject", "Refuse the new message"),
        /** The oldest message not yet sent is dropped ({@value DmResult#QUEUE_FULL}) to make room. */
        DROP_OLDEST("drop-oldest", "Drop the oldest unsent message");

        private final String value;
        private final String label;

        Overflow(String value, String label) {
            this.value = value;
            this.label = label;
        }

        /** The configuration value. */
        public String value() {
            return value;
        }

        /** How a form shows it. */
        public String label() {
            return label;
        }
    }

    private static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** Host names, IPv4 and IPv6 addresses (with or without brackets, with a zone). */
    private static final Pattern HOST_PATTERN = Pattern.compile("[A-Za-z0-9._:%\\[\\]-]{1,253}");

    public static final Setting<String> NAME = Setting.text("name").required("")
            .check(n -> NAME_PATTERN.matcher(n).matches() ? Optional.empty() : Optional.of(Printable.quote(n)
                    + " is not a valid session name; use 1 to 64 letters, digits, '.', '_' or '-'"))
            .label("Name").description("Unique session name: letters, digits, '.', '_' and '-'.").build();

    public static final Setting<String> CLOUD_TYPE = Setting.text("cloud.type")
            .required("the cloud type of the transport to use, for example thingspro, azure or aws")
            .check(t -> NAME_PATTERN.matcher(t).matches() ? Optional.empty() : Optional.of(Printable.quote(t)
                    + " is not a cloud type: 1 to 64 letters, digits, '.', '_' or '-'"))
            .label("Cloud type").description("The device-management service this session talks to: the cloud type "
                    + "of an installed transport. A session whose transport is not installed waits for it.")
            .build();

    public static final Setting<String> HOST = Setting.text("host")
            // Checked without echoing the value: a connection string put here by mistake holds a key.
            .check(h -> HOST_PATTERN.matcher(h).matches() ? Optional.empty() : Optional.of("is not a host name or "
                    + "address (it contains characters such as '/', ';', '=' or spaces); give the service's host "
                    + "name without a scheme, port or path, and put connection strings and keys in their own "
                    + "settings"))
            .label("Host").description("Host name or address of the service. Most transports require it.").build();

    public static final Setting<Integer> PORT = Setting.integer("port").defaultValue(0)
            .range(0, 65535, "0 selects the transport's default port")
            .label("Port").description("TCP port; 0 selects the transport's default (8883 with TLS).").build();

    public static final Setting<Integer> KEEPALIVE = Setting.integer("keepalive").defaultValue(60)
            .range(1, 65535, "seconds")
            .label("Keep-alive (s)").description("MQTT keep-alive in seconds: how soon a dead link is noticed.")
            .build();

    public static final Setting<String> DEVICE_ID = Setting.text("device.id")
            .label("Device id").description("The device's id at the service (AWS: the thing name).").build();

    public static final Setting<String> KEY = Setting.text("key").secret()
            .label("Key").description("The device's secret: a TLS-PSK key, a symmetric key or a SAS token, or the "
                    + "private key (PEM, file path or text) of the client certificate. See the transport's guide.")
            .build();

    public static final Setting<String> CERT = Setting.text("cert")
            .label("Client certificate")
            .description("Path to (or text of) the client certificate in PEM, for X.509 authentication.").build();

    public static final Setting<String> ROOT_CA = Setting.text("root.ca")
            .label("Root CA")
            .description("Path to (or text of) the CA certificate(s) in PEM that sign the service's certificate.")
            .build();

    public static final Setting<Boolean> AUTO_CONNECT = Setting.flag("auto.connect").defaultValue(true)
            .label("Connect automatically").description("Connect as soon as the session is created.").build();

    public static final Setting<Duration> COMMAND_TIMEOUT = Setting.seconds("command.timeout.seconds")
            .defaultValue(Duration.ofSeconds(30)).range(1, Integer.MAX_VALUE, "seconds")
            .label("Command timeout (s)").description("How long a command handler may take; then the service "
                    + "gets 504.").build();

    public static final Setting<Duration> OPERATION_TIMEOUT = Setting.seconds("operation.timeout.seconds")
            .defaultValue(Duration.ofSeconds(30)).range(1, Integer.MAX_VALUE, "seconds")
            .label("Operation timeout (s)").description("How long to wait for the service to answer a twin request "
                    + "or reported patch; then status 408.").build();

    public static final Setting<Duration> CONNECT_TIMEOUT = Setting.seconds("connect.timeout.seconds")
            .defaultValue(Duration.ofSeconds(30)).range(1, Integer.MAX_VALUE, "seconds")
            .label("Connect timeout (s)").description("How long one connection attempt may take.").build();

    public static final Setting<Duration> RECONNECT_MIN_DELAY = Setting.millis("reconnect.min.delay.ms")
            .defaultValue(Duration.ofSeconds(1)).range(1, Long.MAX_VALUE, "milliseconds")
            .label("First reconnect delay (ms)").description("Delay before the first retry; doubled after each "
                    + "failure, with jitter.").build();

    public static final Setting<Duration> RECONNECT_MAX_DELAY = Setting.millis("reconnect.max.delay.ms")
            .defaultValue(Duration.ofSeconds(120)).range(1, Long.MAX_VALUE, "milliseconds")
            .label("Longest reconnect delay (ms)").description("The longest delay between two attempts; at least "
                    + "the first reconnect delay.").build();

    public static final Setting<Integer> QUEUE_CAPACITY = Setting.integer("queue.capacity").defaultValue(10_000)
            .range(0, Integer.MAX_VALUE, "messages")
            .label("Message queue (messages)").description("Messages that may wait for delivery; see 'When the "
                    + "queue is full'.").build();

    public static final Setting<Long> QUEUE_MAX_BYTES = Setting.longInteger("queue.max.bytes")
            .defaultValue(16L * 1024 * 1024).range(0, Long.MAX_VALUE, "bytes")
            .label("Message queue (bytes)").description("Payload bytes that may wait for delivery.").build();

    public static final Setting<Integer> INFLIGHT_MAX = Setting.integer("inflight.max").defaultValue(10)
            .range(1, 65535, "messages")
            .label("Messages in flight").description("Messages sent and not yet acknowledged at once.").build();

    public static final Setting<Overflow> QUEUE_OVERFLOW = Setting.choice("queue.overflow", Overflow::value,
                    Overflow::label, Overflow.values())
            .defaultValue(Overflow.REJECT)
            .label("When the queue is full").description("reject: the new message is refused with status 507. "
                    + "drop-oldest: the oldest message not yet sent is dropped (its sender gets 507) to make room.")
            .build();

    public static final Setting<Outbox> OUTBOX = Setting.choice("outbox", Outbox::value, Outbox::label,
                    Outbox.values())
            .defaultValue(Outbox.PERSISTENT)
            .label("Message outbox").description("persistent: queued messages are written to disk (SQLite, in "
                    + "dmkit's data directory) before sendMessage returns and survive restarts and crashes. memory: "
                    + "they are lost when the gateway stops.")
            .build();

    public static final Setting<Boolean> OUTBOX_FSYNC = Setting.flag("outbox.fsync").defaultValue(false)
            .label("Outbox: flush every write").description("Wait for each outbox write to reach the disk, so that "
                    + "queued messages also survive a power cut (slower). A crash of the gateway loses nothing "
                    + "either way.").build();

    private static final List<Setting<?>> SETTINGS = List.of(NAME, CLOUD_TYPE, HOST, PORT, KEEPALIVE, DEVICE_ID, KEY,
            CERT, ROOT_CA, AUTO_CONNECT, COMMAND_TIMEOUT, OPERATION_TIMEOUT, CONNECT_TIMEOUT, RECONNECT_MIN_DELAY,
            RECONNECT_MAX_DELAY, QUEUE_CAPACITY, QUEUE_MAX_BYTES, INFLIGHT_MAX, QUEUE_OVERFLOW, OUTBOX, OUTBOX_FSYNC);
    private static final Set<String> SETTING_IDS = SETTINGS.stream().map(Setting::id)
            .collect(Collectors.toUnmodifiableSet());

    /** The checked value of every setting in {@link #SETTINGS} that has one, by setting. */
    private final Map<Setting<?>, Object> values;
    private final Map<String, String> options;

    private SessionConfig(Map<Setting<?>, Object> values, Map<String, String> options) {
        this.values = values;
        this.options = options;
    }

    /** A builder for a session with the given unique name. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The settings every session has, in the order a form shows them. */
    public static List<Setting<?>> settings() {
        return SETTINGS;
    }

    /**
     * Reads a configuration from properties as ConfigAdmin delivers them (values may be strings,
     * numbers, booleans or single-element arrays). Properties that are not {@linkplain #settings()
     * settings of every session} become {@linkplain #options() transport options}, except those
     * the framework adds ({@code service.*}, {@code component.*}, {@code felix.*}, ...).
     *
     * @throws InvalidConfigurationException naming the first setting that is missing or invalid
     */
    public static SessionConfig fromProperties(Map<String, ?> properties) {
        Builder b = new Builder(null);
        for (Setting<?> s : SETTINGS) {
            b.values.put(s, s.parse(properties.get(s.id())));
        }
        properties.forEach((k, v) -> {
            if (v != null && !isFrameworkProperty(k) && !SETTING_IDS.contains(k)) {
                Object single = Setting.text(k).build().parse(v);
                if (single != null) {
                    b.options.put(k, single.toString());
                }
            }
        });
        return b.build();
    }

    /**
     * Properties that ConfigAdmin, SCR or Felix add and that are not session settings; keys starting
     * with '.' are private by the ConfigAdmin convention.
     */
    private static boolean isFrameworkProperty(String key) {
        return key.startsWith("service.") || key.startsWith("component.") || key.startsWith("felix.")
                || key.startsWith("osgi.ds.") || key.startsWith("objectClass") || key.startsWith(":")
                || key.startsWith(".");
    }

    /**
     * The value of a setting: one of {@link #settings()}, or a transport option declared by the
     * transport, read from {@link #options()}.
     *
     * @return the value, its default when unset, or null when unset without a default
     * @throws InvalidConfigurationException naming the option if its value is unusable (settings of
     *         every session were checked when this configuration was built)
     */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        if (values.containsKey(setting)) {
            return (T) values.get(setting);
        }
        return setting.parse(options.get(setting.id()));
    }

    /** The unique session name: letters, digits, '.', '_' and '-', at most 64 characters. */
    public String name() {
        return get(NAME);
    }

    /** The cloud type, which selects the transport, for example {@code thingspro}, {@code azure}, {@code aws}. */
    public String cloudType() {
        return get(CLOUD_TYPE);
    }

    /** The service's host name or address; most transports require it. */
    public Optional<String> host() {
        return Optional.ofNullable(get(HOST));
    }

    /** The port, or 0 for the transport's default. */
    public int port() {
        return get(PORT);
    }

    /** The MQTT keep-alive in seconds. */
    public int keepAliveSeconds() {
        return get(KEEPALIVE);
    }

    /** The device id at the service; may be absent when the transport derives it. */
    public Optional<String> deviceId() {
        return Optional.ofNullable(get(DEVICE_ID));
    }

    /** The device key (PSK, symmetric key or private key, depending on the cloud). A secret. */
    public Optional<String> key() {
        return Optional.ofNullable(get(KEY));
    }

    /** The client certificate: a PEM file path or inline PEM text. */
    public Optional<String> cert() {
        return Optional.ofNullable(get(CERT));
    }

    /** The root CA certificates to trust: a PEM file path or inline PEM text. */
    public Optional<String> rootCa() {
        return Optional.ofNullable(get(ROOT_CA));
    }

    /** Whether the session connects as soon as it is created. */
    public boolean autoConnect() {
        return get(AUTO_CONNECT);
    }

    /** How long the service waits for a command reply; after it dmkit sends 504. */
    public Duration commandTimeout() {
        return get(COMMAND_TIMEOUT);
    }

    /** How long dmkit waits for the service to answer a twin request or reported patch (then 408). */
    public Duration operationTimeout() {
        return get(OPERATION_TIMEOUT);
    }

    /** How long one connection attempt may take. */
    public Duration connectTimeout() {
        return get(CONNECT_TIMEOUT);
    }

    /** The first reconnection delay; each failed attempt doubles it, with jitter, up to the maximum. */
    public Duration reconnectMinDelay() {
        return get(RECONNECT_MIN_DELAY);
    }

    /** The longest reconnection delay. */
    public Duration reconnectMaxDelay() {
        return get(RECONNECT_MAX_DELAY);
    }

    /** How many messages may wait for delivery; see {@link #queueOverflow()} for more. */
    public int queueCapacity() {
        return get(QUEUE_CAPACITY);
    }

    /** How many payload bytes may wait for delivery; see {@link #queueOverflow()} for more. */
    public long queueMaxBytes() {
        return get(QUEUE_MAX_BYTES);
    }

    /** How many messages may be sent and not yet acknowledged at once. */
    public int inflightMax() {
        return get(INFLIGHT_MAX);
    }

    /** What a full message queue does with one more message. */
    public Overflow queueOverflow() {
        return get(QUEUE_OVERFLOW);
    }

    /**
     * Where queued messages are kept. {@link Outbox#PERSISTENT} needs a data directory (the OSGi
     * runtime always has one; plain Java programs give it to {@code DmKit}); without one the queue
     * is in memory and the session logs that once.
     */
    public Outbox outbox() {
        return get(OUTBOX);
    }

    /**
     * Whether the persistent outbox waits for every write to reach the disk (fsync), so that
     * queued messages survive a power cut as well as a crash. Off by default: a crash of the
     * process loses nothing either way; a power cut may lose the last writes before it.
     */
    public boolean outboxFsync() {
        return get(OUTBOX_FSYNC);
    }

    /** Transport options: every property that is not a setting of every session, as text. */
    public Map<String, String> options() {
        return options;
    }

    /** One transport option as text; {@link #get(Setting)} reads it typed and checked. */
    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    /** A builder that starts from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder(null);
        b.values.putAll(values);
        b.options.putAll(options);
        return b;
    }

    /**
     * Shows the name, the cloud type and every setting that differs from its default, secrets as
     * {@code ***}, and the names of the transport options.
     */
    @Override
    public String toString() {
        StringJoiner shown = new StringJoiner(", ", "SessionConfig[", "]");
        for (Setting<?> s : SETTINGS) {
            Object v = values.get(s);
            if (v != null && (s == NAME || s == CLOUD_TYPE || !s.defaultValue().map(v::equals).orElse(false))) {
                shown.add(s.id() + "=" + display(s, v));
            }
        }
        if (!options.isEmpty()) {
            shown.add("options " + options.keySet());
        }
        return shown.toString();
    }

    @SuppressWarnings("unchecked")
    private static <T> String display(Setting<T> s, Object value) {
        return s.display((T) value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionConfig c && c.values.equals(values) && c.options.equals(options);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values, options);
    }

    /** Builds a {@link SessionConfig}; {@link #build()} checks every value. */
    public static final class Builder {
        private final Map<Setting<?>, Object> values = new LinkedHashMap<>();
        private final Map<String, String> options = new LinkedHashMap<>();

        private Builder(String name) {
            set(NAME, name);
        }

        /**
         * Sets one of the {@linkplain SessionConfig#settings() settings of every session}, checked by
         * {@link #build()}, or a transport option, checked here against its declaration and kept as its
         * configuration text; null unsets it.
         *
         * @throws InvalidConfigurationException naming a transport option whose value its declaration refuses
         */
        public <T> Builder set(Setting<T> setting, T value) {
            Objects.requireNonNull(setting, "setting");
            if (SETTINGS.contains(setting)) {
                if (value == null || (value instanceof String s && s.isBlank())) {
                    values.remove(setting);
                } else {
                    values.put(setting, value instanceof String s ? s.trim() : value);
                }
                return this;
            }
            return option(setting.id(), value == null ? null : String.valueOf(setting.toProperty(setting.check(value))));
        }

        /** Sets a transport option as text; a null value removes it. */
        public Builder option(String name, String value) {
            Objects.requireNonNull(name, "name");
            if (SETTING_IDS.contains(name)) {
                throw new IllegalArgumentException(name + " is a setting of every session, not a transport option; "
                        + "set it with its own method");
            }
            if (value == null) {
                options.remove(name);
            } else {
                options.put(name, value);
            }
            return this;
        }

        public Builder cloudType(String cloudType) {
            return set(CLOUD_TYPE, cloudType);
        }

        public Builder host(String host) {
            return set(HOST, host);
        }

        public Builder port(int port) {
            return set(PORT, port);
        }

        public Builder keepAliveSeconds(int seconds) {
            return set(KEEPALIVE, seconds);
        }

        public Builder deviceId(String deviceId) {
            return set(DEVICE_ID, deviceId);
        }

        public Builder key(String key) {
            return set(KEY, key);
        }

        public Builder cert(String cert) {
            return set(CERT, cert);
        }

        public Builder rootCa(String rootCa) {
            return set(ROOT_CA, rootCa);
        }

        public Builder autoConnect(boolean autoConnect) {
            return set(AUTO_CONNECT, autoConnect);
        }

        public Builder commandTimeout(Duration timeout) {
            return set(COMMAND_TIMEOUT, Objects.requireNonNull(timeout, "timeout"));
        }

        public Builder operationTimeout(Duration timeout) {
            return set(OPERATION_TIMEOUT, Objects.requireNonNull(timeout, "timeout"));
        }

        public Builder connectTimeout(Duration timeout) {
            return set(CONNECT_TIMEOUT, Objects.requireNonNull(timeout, "timeout"));
        }

        public Builder reconnectDelays(Duration min, Duration max) {
            return set(RECONNECT_MIN_DELAY, Objects.requireNonNull(min, "min"))
                    .set(RECONNECT_MAX_DELAY, Objects.requireNonNull(max, "max"));
        }

        public Builder queueCapacity(int messages) {
            return set(QUEUE_CAPACITY, messages);
        }

        public Builder queueMaxBytes(long bytes) {
            return set(QUEUE_MAX_BYTES, bytes);
        }

        public Builder inflightMax(int messages) {
            return set(INFLIGHT_MAX, messages);
        }

        public Builder queueOverflow(Overflow overflow) {
            return set(QUEUE_OVERFLOW, Objects.requireNonNull(overflow, "overflow"));
        }

        public Builder outbox(Outbox outbox) {
            return set(OUTBOX, Objects.requireNonNull(outbox, "outbox"));
        }

        public Builder outboxFsync(boolean fsync) {
            return set(OUTBOX_FSYNC, fsync);
        }

        /**
         * Checks every value and builds the configuration.
         *
         * @throws InvalidConfigurationException naming the first setting that is missing or invalid
         */
        public SessionConfig build() {
            Map<Setting<?>, Object> checked = new LinkedHashMap<>();
            for (Setting<?> s : SETTINGS) {
                Object v = check(s, values.get(s));
                if (v != null) {
                    checked.put(s, v);
                }
            }
            Duration min = (Duration) checked.get(RECONNECT_MIN_DELAY);
            Duration max = (Duration) checked.get(RECONNECT_MAX_DELAY);
            if (max.compareTo(min) < 0) {
                throw new InvalidConfigurationException(RECONNECT_MAX_DELAY, max.toMillis() + " ms is shorter than "
                        + RECONNECT_MIN_DELAY.id() + " (" + min.toMillis() + " ms)");
            }
            return new SessionConfig(Collections.unmodifiableMap(checked),
                    Collections.unmodifiableMap(new LinkedHashMap<>(options)));
        }

        @SuppressWarnings("unchecked")
        private static <T> T check(Setting<T> s, Object value) {
            return s.check((T) value);
        }
    }
}
