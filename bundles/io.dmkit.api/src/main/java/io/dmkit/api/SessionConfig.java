package io.dmkit.api;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The configuration of one session: the seed's {@code DMSession} input fields plus the settings
 * dmkit adds. Immutable; build it with {@link #builder(String)} or read it from configuration
 * properties with {@link #fromProperties(Map)}.
 *
 * <p>The property names are those of the factory configuration {@code io.dmkit.session}
 * (see the constants). Properties this class does not know are kept as {@link #options()} for the
 * transport of the cloud type (for example {@code security} for ThingsPro).
 *
 * <p>{@link #toString()} never shows {@link #key()}.
 */
public final class SessionConfig {

    /** The factory PID of session configurations in ConfigAdmin. */
    public static final String FACTORY_PID = "io.dmkit.session";

    public static final String NAME = "name";
    public static final String CLOUD_TYPE = "cloud.type";
    public static final String HOST = "host";
    public static final String PORT = "port";
    public static final String KEEPALIVE = "keepalive";
    public static final String DEVICE_ID = "device.id";
    public static final String KEY = "key";
    public static final String CERT = "cert";
    public static final String ROOT_CA = "root.ca";
    public static final String AUTO_CONNECT = "auto.connect";
    public static final String COMMAND_TIMEOUT = "command.timeout.seconds";
    public static final String OPERATION_TIMEOUT = "operation.timeout.seconds";
    public static final String CONNECT_TIMEOUT = "connect.timeout.seconds";
    public static final String RECONNECT_MIN_DELAY = "reconnect.min.delay.ms";
    public static final String RECONNECT_MAX_DELAY = "reconnect.max.delay.ms";
    public static final String QUEUE_CAPACITY = "queue.capacity";
    public static final String QUEUE_MAX_BYTES = "queue.max.bytes";
    public static final String INFLIGHT_MAX = "inflight.max";
    public static final String QUEUE_OVERFLOW = "queue.overflow";
    public static final String OUTBOX = "outbox";
    public static final String OUTBOX_FSYNC = "outbox.fsync";

    /** Where queued messages are kept. */
    public enum Outbox {
        /** On disk (SQLite) where dmkit has a data directory; survives restarts and crashes. */
        PERSISTENT("persistent"),
        /** In memory only; lost with the process. */
        MEMORY("memory");

        private final String value;

        Outbox(String value) {
            this.value = value;
        }

        /** The configuration value. */
        public String value() {
            return value;
        }
    }

    /** What a full message queue does with one more message. */
    public enum Overflow {
        /** The new message is refused ({@value DmResult#QUEUE_FULL}). */
        REJECT("reject"),
        /** The oldest message not yet sent is dropped ({@value DmResult#QUEUE_FULL}) to make room. */
        DROP_OLDEST("drop-oldest");

        private final String value;

        Overflow(String value) {
            this.value = value;
        }

        /** The configuration value. */
        public String value() {
            return value;
        }
    }

    /** The cloud types dmkit knows, whether or not their transport is installed. */
    public static final Set<String> KNOWN_CLOUD_TYPES = Set.of("thingspro", "azure", "aws");

    public static final int DEFAULT_KEEPALIVE_SECONDS = 60;
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_RECONNECT_MIN_DELAY = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RECONNECT_MAX_DELAY = Duration.ofSeconds(120);
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    public static final long DEFAULT_QUEUE_MAX_BYTES = 16L * 1024 * 1024;
    public static final int DEFAULT_INFLIGHT_MAX = 10;

    private static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Set<String> KNOWN_PROPERTIES = Set.of(NAME, CLOUD_TYPE, HOST, PORT, KEEPALIVE, DEVICE_ID,
            KEY, CERT, ROOT_CA, AUTO_CONNECT, COMMAND_TIMEOUT, OPERATION_TIMEOUT, CONNECT_TIMEOUT, RECONNECT_MIN_DELAY,
            RECONNECT_MAX_DELAY, QUEUE_CAPACITY, QUEUE_MAX_BYTES, INFLIGHT_MAX, QUEUE_OVERFLOW, OUTBOX, OUTBOX_FSYNC);

    private final String name;
    private final String cloudType;
    private final String host;
    private final int port;
    private final int keepAliveSeconds;
    private final String deviceId;
    private final String key;
    private final String cert;
    private final String rootCa;
    private final boolean autoConnect;
    private final Duration commandTimeout;
    private final Duration operationTimeout;
    private final Duration connectTimeout;
    private final Duration reconnectMinDelay;
    private final Duration reconnectMaxDelay;
    private final int queueCapacity;
    private final long queueMaxBytes;
    private final int inflightMax;
    private final Overflow queueOverflow;
    private final Outbox outbox;
    private final boolean outboxFsync;
    private static final Pattern SECRET_IN_HOST =
            Pattern.compile("(?i)((?:SharedAccessKey|SharedAccessSignature)=)[^;]*");
    private static final Pattern SECRET_OPTION =
            Pattern.compile("(?i)password|secret|token");
    private final Map<String, String> options;

    private SessionConfig(Builder b) {
        this.name = b.name;
        this.cloudType = b.cloudType;
        this.host = b.host;
        this.port = b.port;
        this.keepAliveSeconds = b.keepAliveSeconds;
        this.deviceId = b.deviceId;
        this.key = b.key;
        this.cert = b.cert;
        this.rootCa = b.rootCa;
        this.autoConnect = b.autoConnect;
        this.commandTimeout = b.commandTimeout;
        this.operationTimeout = b.operationTimeout;
        this.connectTimeout = b.connectTimeout;
        this.reconnectMinDelay = b.reconnectMinDelay;
        this.reconnectMaxDelay = b.reconnectMaxDelay;
        this.queueCapacity = b.queueCapacity;
        this.queueMaxBytes = b.queueMaxBytes;
        this.inflightMax = b.inflightMax;
        this.queueOverflow = b.queueOverflow;
        this.outbox = b.outbox;
        this.outboxFsync = b.outboxFsync;
        this.options = Collections.unmodifiableMap(new LinkedHashMap<>(b.options));
    }

    /** A builder for a session with the given unique name. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Reads a configuration from properties as ConfigAdmin delivers them (values may be strings,
     * numbers, booleans or single-element arrays).
     *
     * @throws InvalidConfigurationException naming the first attribute that is missing or invalid
     */
    public static SessionConfig fromProperties(Map<String, ?> properties) {
        PropertyReader r = new PropertyReader(properties);
        Builder b = builder(r.string(NAME, null))
                .cloudType(r.string(CLOUD_TYPE, null))
                .host(r.string(HOST, null))
                .port(r.integer(PORT, 0))
                .keepAliveSeconds(r.integer(KEEPALIVE, DEFAULT_KEEPALIVE_SECONDS))
                .deviceId(r.string(DEVICE_ID, null))
                .key(r.string(KEY, null))
                .cert(r.string(CERT, null))
                .rootCa(r.string(ROOT_CA, null))
                .autoConnect(r.bool(AUTO_CONNECT, true))
                .commandTimeout(Duration.ofSeconds(r.integer(COMMAND_TIMEOUT, (int) DEFAULT_COMMAND_TIMEOUT.toSeconds())))
                .operationTimeout(Duration.ofSeconds(r.integer(OPERATION_TIMEOUT, (int) DEFAULT_OPERATION_TIMEOUT.toSeconds())))
                .connectTimeout(Duration.ofSeconds(r.integer(CONNECT_TIMEOUT, (int) DEFAULT_CONNECT_TIMEOUT.toSeconds())))
                .reconnectDelays(Duration.ofMillis(r.longValue(RECONNECT_MIN_DELAY, DEFAULT_RECONNECT_MIN_DELAY.toMillis())),
                        Duration.ofMillis(r.longValue(RECONNECT_MAX_DELAY, DEFAULT_RECONNECT_MAX_DELAY.toMillis())))
                .queueCapacity(r.integer(QUEUE_CAPACITY, DEFAULT_QUEUE_CAPACITY))
                .queueMaxBytes(r.longValue(QUEUE_MAX_BYTES, DEFAULT_QUEUE_MAX_BYTES))
                .inflightMax(r.integer(INFLIGHT_MAX, DEFAULT_INFLIGHT_MAX))
                .queueOverflow(choice(QUEUE_OVERFLOW, r.string(QUEUE_OVERFLOW, null), Overflow.values(), Overflow::value,
                        Overflow.REJECT))
                .outbox(choice(OUTBOX, r.string(OUTBOX, null), Outbox.values(), Outbox::value, Outbox.PERSISTENT))
                .outboxFsync(r.bool(OUTBOX_FSYNC, false));
        for (Map.Entry<String, ?> e : properties.entrySet()) {
            String k = e.getKey();
            if (!KNOWN_PROPERTIES.contains(k) && !PropertyReader.isFrameworkProperty(k) && e.getValue() != null) {
                b.option(k, r.string(k, ""));
            }
        }
        return b.build();
    }

    /** The unique session name: letters, digits, '.', '_' and '-', at most 64 characters. */
    public String name() {
        return name;
    }

    /** The cloud type, which selects the transport: {@code thingspro}, {@code azure}, {@code aws}. */
    public String cloudType() {
        return cloudType;
    }

    /** The service's host name or address (Azure also accepts a device connection string). */
    public String host() {
        return host;
    }

    /**
     * The host as logs and consoles may show it: in a connection string (Azure's
     * {@code HostName=…;DeviceId=…;SharedAccessKey=…}) every {@code SharedAccessKey} and
     * {@code SharedAccessSignature} value is replaced by {@code ***}.
     */
    public String displayHost() {
        return SECRET_IN_HOST.matcher(host).replaceAll("$1***");
    }

    /** The port, or 0 for the transport's default. */
    public int port() {
        return port;
    }

    /** The MQTT keep-alive in seconds. */
    public int keepAliveSeconds() {
        return keepAliveSeconds;
    }

    /** The device id at the service; may be absent when the transport derives it (connection strings). */
    public Optional<String> deviceId() {
        return Optional.ofNullable(deviceId);
    }

    /** The device key (PSK, symmetric key or private key, depending on the cloud). A secret. */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }

    /** The client certificate: a PEM file path or inline PEM text. */
    public Optional<String> cert() {
        return Optional.ofNullable(cert);
    }

    /** The root CA certificates to trust: a PEM file path or inline PEM text. */
    public Optional<String> rootCa() {
        return Optional.ofNullable(rootCa);
    }

    /** Whether the session connects as soon as it is created. */
    public boolean autoConnect() {
        return autoConnect;
    }

    /** How long the service waits for a command reply; after it dmkit sends 504. */
    public Duration commandTimeout() {
        return commandTimeout;
    }

    /** How long dmkit waits for the service to answer a twin request or reported patch (then 408). */
    public Duration operationTimeout() {
        return operationTimeout;
    }

    /** How long one connection attempt may take. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** The first reconnection delay; each failed attempt doubles it, with jitter, up to the maximum. */
    public Duration reconnectMinDelay() {
        return reconnectMinDelay;
    }

    /** The longest reconnection delay. */
    public Duration reconnectMaxDelay() {
        return reconnectMaxDelay;
    }

    /** How many messages may wait for delivery; see {@link #queueOverflow()} for more. */
    public int queueCapacity() {
        return queueCapacity;
    }

    /** How many payload bytes may wait for delivery; see {@link #queueOverflow()} for more. */
    public long queueMaxBytes() {
        return queueMaxBytes;
    }

    /** How many messages may be sent and not yet acknowledged at once. */
    public int inflightMax() {
        return inflightMax;
    }

    /** What a full message queue does with one more message. */
    public Overflow queueOverflow() {
        return queueOverflow;
    }

    /**
     * Where queued messages are kept. {@link Outbox#PERSISTENT} needs a data directory (the OSGi
     * runtime always has one; plain Java programs give it to {@code DmKit}); without one the queue
     * is in memory and the session logs that once.
     */
    public Outbox outbox() {
        return outbox;
    }

    /**
     * Whether the persistent outbox waits for every write to reach the disk (fsync), so that
     * queued messages survive a power cut as well as a crash. Off by default: a crash of the
     * process loses nothing either way; a power cut may lose the last writes before it.
     */
    public boolean outboxFsync() {
        return outboxFsync;
    }

    /** Transport-specific options: every property this class does not know, as text. */
    public Map<String, String> options() {
        return options;
    }

    /** One transport-specific option. */
    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    /** A builder that starts from this configuration. */
    public Builder toBuilder() {
        Builder b = builder(name).cloudType(cloudType).host(host).port(port).keepAliveSeconds(keepAliveSeconds)
                .deviceId(deviceId).key(key).cert(cert).rootCa(rootCa).autoConnect(autoConnect)
                .commandTimeout(commandTimeout).operationTimeout(operationTimeout).connectTimeout(connectTimeout)
                .reconnectDelays(reconnectMinDelay, reconnectMaxDelay).queueCapacity(queueCapacity)
                .queueMaxBytes(queueMaxBytes).inflightMax(inflightMax).queueOverflow(queueOverflow).outbox(outbox)
                .outboxFsync(outboxFsync);
        options.forEach(b::option);
        return b;
    }

    /** The options with the values of secret ones (a name containing password, secret or token) as {@code ***}. */
    private Map<String, String> displayOptions() {
        Map<String, String> shown = new LinkedHashMap<>();
        options.forEach((name, value) -> shown.put(name, SECRET_OPTION.matcher(name).find() ? "***" : value));
        return shown;
    }

    @Override
    public String toString() {
        return "SessionConfig[name=" + name + ", cloud.type=" + cloudType + ", host=" + displayHost() + ", port=" + port
                + ", keepalive=" + keepAliveSeconds + ", device.id=" + deviceId + ", key=" + (key == null ? "unset" : "***")
                + ", cert=" + describePem(cert) + ", root.ca=" + describePem(rootCa) + ", auto.connect=" + autoConnect
                + ", outbox=" + outbox.value() + ", options=" + displayOptions() + "]";
    }

    /** Reads one of a fixed set of values (case-insensitive); null gives the default. */
    private static <E> E choice(String attribute, String value, E[] choices, Function<E, String> text,
            E fallback) {
        if (value == null) {
            return fallback;
        }
        for (E c : choices) {
            if (text.apply(c).equalsIgnoreCase(value.trim())) {
                return c;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (E c : choices) {
            allowed.append(allowed.length() == 0 ? "" : ", ").append(text.apply(c));
        }
        throw new InvalidConfigurationException(attribute, PropertyReader.quote(value) + " is not one of " + allowed);
    }

    private static String describePem(String value) {
        if (value == null) {
            return "unset";
        }
        return value.contains("-----BEGIN") ? "(inline PEM)" : value;
    }

    /** Builds a {@link SessionConfig}; {@link #build()} checks every value. */
    public static final class Builder {
        private final String name;
        private String cloudType;
        private String host;
        private int port;
        private int keepAliveSeconds = DEFAULT_KEEPALIVE_SECONDS;
        private String deviceId;
        private String key;
        private String cert;
        private String rootCa;
        private boolean autoConnect = true;
        private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
        private Duration operationTimeout = DEFAULT_OPERATION_TIMEOUT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration reconnectMinDelay = DEFAULT_RECONNECT_MIN_DELAY;
        private Duration reconnectMaxDelay = DEFAULT_RECONNECT_MAX_DELAY;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private long queueMaxBytes = DEFAULT_QUEUE_MAX_BYTES;
        private int inflightMax = DEFAULT_INFLIGHT_MAX;
        private Overflow queueOverflow = Overflow.REJECT;
        private Outbox outbox = Outbox.PERSISTENT;
        private boolean outboxFsync;
        private final Map<String, String> options = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder cloudType(String cloudType) {
            this.cloudType = blankToNull(cloudType);
            return this;
        }

        public Builder host(String host) {
            this.host = blankToNull(host);
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder keepAliveSeconds(int seconds) {
            this.keepAliveSeconds = seconds;
            return this;
        }

        public Builder deviceId(String deviceId) {
            this.deviceId = blankToNull(deviceId);
            return this;
        }

        public Builder key(String key) {
            this.key = blankToNull(key);
            return this;
        }

        public Builder cert(String cert) {
            this.cert = blankToNull(cert);
            return this;
        }

        public Builder rootCa(String rootCa) {
            this.rootCa = blankToNull(rootCa);
            return this;
        }

        public Builder autoConnect(boolean autoConnect) {
            this.autoConnect = autoConnect;
            return this;
        }

        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public Builder operationTimeout(Duration timeout) {
            this.operationTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public Builder reconnectDelays(Duration min, Duration max) {
            this.reconnectMinDelay = Objects.requireNonNull(min, "min");
            this.reconnectMaxDelay = Objects.requireNonNull(max, "max");
            return this;
        }

        public Builder queueCapacity(int messages) {
            this.queueCapacity = messages;
            return this;
        }

        public Builder queueMaxBytes(long bytes) {
            this.queueMaxBytes = bytes;
            return this;
        }

        public Builder inflightMax(int messages) {
            this.inflightMax = messages;
            return this;
        }

        public Builder queueOverflow(Overflow overflow) {
            this.queueOverflow = Objects.requireNonNull(overflow, "overflow");
            return this;
        }

        public Builder outbox(Outbox outbox) {
            this.outbox = Objects.requireNonNull(outbox, "outbox");
            return this;
        }

        public Builder outboxFsync(boolean fsync) {
            this.outboxFsync = fsync;
            return this;
        }

        /** Sets a transport-specific option; a null value removes it. */
        public Builder option(String name, String value) {
            Objects.requireNonNull(name, "name");
            if (value == null) {
                options.remove(name);
            } else {
                options.put(name, value);
            }
            return this;
        }

        /**
         * Checks every value and builds the configuration.
         *
         * @throws InvalidConfigurationException naming the first attribute that is missing or invalid
         */
        public SessionConfig build() {
            if (name == null || name.isBlank()) {
                throw new InvalidConfigurationException(NAME, "is required");
            }
            if (!NAME_PATTERN.matcher(name).matches()) {
                throw new InvalidConfigurationException(NAME, PropertyReader.quote(name)
                        + " is not a valid session name; use 1 to 64 letters, digits, '.', '_' or '-'");
            }
            if (cloudType == null) {
                throw new InvalidConfigurationException(CLOUD_TYPE, "is required (one of " + KNOWN_CLOUD_TYPES + ")");
            }
            if (host == null) {
                throw new InvalidConfigurationException(HOST, "is required: the service's host name or address");
            }
            range(PORT, port, 0, 65535, "0 selects the transport's default port");
            range(KEEPALIVE, keepAliveSeconds, 1, 65535, "seconds");
            positive(COMMAND_TIMEOUT, commandTimeout);
            positive(OPERATION_TIMEOUT, operationTimeout);
            positive(CONNECT_TIMEOUT, connectTimeout);
            positive(RECONNECT_MIN_DELAY, reconnectMinDelay);
            if (reconnectMaxDelay.compareTo(reconnectMinDelay) < 0) {
                throw new InvalidConfigurationException(RECONNECT_MAX_DELAY, reconnectMaxDelay.toMillis()
                        + " ms is shorter than " + RECONNECT_MIN_DELAY + " (" + reconnectMinDelay.toMillis() + " ms)");
            }
            range(QUEUE_CAPACITY, queueCapacity, 0, Integer.MAX_VALUE, "messages");
            if (queueMaxBytes < 0) {
                throw new InvalidConfigurationException(QUEUE_MAX_BYTES, queueMaxBytes + " must not be negative");
            }
            range(INFLIGHT_MAX, inflightMax, 1, 65535, "messages");
            return new SessionConfig(this);
        }

        private static void range(String attribute, long value, long min, long max, String note) {
            if (value < min || value > max) {
                throw new InvalidConfigurationException(attribute, value + " is out of range " + min + ".." + max
                        + " (" + note + ")");
            }
        }

        private static void positive(String attribute, Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new InvalidConfigurationException(attribute, "must be greater than zero");
            }
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s.trim();
        }
    }
}
