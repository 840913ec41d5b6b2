package io.dmkit.emulator.thingspro;

import io.dmkit.transport.thingspro.protocol.ThingsProTopics;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;

/**
 * How a {@link ThingsProService} connects: broker, credentials, topic root, timeouts and limits.
 * Immutable; build with {@link #builder(String)}. {@link #toString()} never shows the password.
 */
public final class ServiceOptions {

    public static final String DEFAULT_CLIENT_ID = "dmkit-service";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_KEEP_ALIVE_SECONDS = 30;
    public static final Duration DEFAULT_RECONNECT_MIN_DELAY = Duration.ofMillis(200);
    public static final Duration DEFAULT_RECONNECT_MAX_DELAY = Duration.ofSeconds(10);
    /** Outgoing QoS 1 publishes in flight at once: replies for many devices, well above Paho's 10. */
    public static final int DEFAULT_MAX_INFLIGHT = 1000;
    public static final int DEFAULT_MESSAGE_HISTORY = 10_000;

    private final String brokerUri;
    private final String clientId;
    private final String username;
    private final char[] password;
    private final SSLSocketFactory socketFactory;
    private final String topicRoot;
    private final Duration connectTimeout;
    private final int keepAliveSeconds;
    private final Duration reconnectMinDelay;
    private final Duration reconnectMaxDelay;
    private final int maxInflight;
    private final int messageHistoryPerDevice;
    private final TwinStore twinStore;

    private ServiceOptions(Builder b) {
        this.brokerUri = b.brokerUri;
        this.clientId = b.clientId;
        this.username = b.username;
        this.password = b.password == null ? null : b.password.clone();
        this.socketFactory = b.socketFactory;
        this.topicRoot = b.topicRoot;
        this.connectTimeout = b.connectTimeout;
        this.keepAliveSeconds = b.keepAliveSeconds;
        this.reconnectMinDelay = b.reconnectMinDelay;
        this.reconnectMaxDelay = b.reconnectMaxDelay;
        this.maxInflight = b.maxInflight;
        this.messageHistoryPerDevice = b.messageHistoryPerDevice;
        this.twinStore = b.twinStore != null ? b.twinStore : new InMemoryTwinStore();
    }

    /** Options for the broker at {@code brokerUri} ({@code tcp://host:port}, or {@code ssl://} with TLS). */
    public static Builder builder(String brokerUri) {
        return new Builder(brokerUri);
    }

    public String brokerUri() {
        return brokerUri;
    }

    public String clientId() {
        return clientId;
    }

    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /** A copy of the password. */
    public Optional<char[]> password() {
        return Optional.ofNullable(password).map(char[]::clone);
    }

    public Optional<SSLSocketFactory> socketFactory() {
        return Optional.ofNullable(socketFactory);
    }

    public String topicRoot() {
        return topicRoot;
    }

    /** How long {@link ThingsProService#connect} and each reconnect attempt may take. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    public int keepAliveSeconds() {
        return keepAliveSeconds;
    }

    public Duration reconnectMinDelay() {
        return reconnectMinDelay;
    }

    public Duration reconnectMaxDelay() {
        return reconnectMaxDelay;
    }

    public int maxInflight() {
        return maxInflight;
    }

    /** How many received messages are kept per device; older ones are dropped first. */
    public int messageHistoryPerDevice() {
        return messageHistoryPerDevice;
    }

    public TwinStore twinStore() {
        return twinStore;
    }

    @Override
    public String toString() {
        return "ServiceOptions[broker=" + brokerUri + ", clientId=" + clientId + ", username=" + username
                + ", password=" + (password == null ? "unset" : "***") + ", tls=" + (socketFactory != null)
                + ", topicRoot=" + topicRoot + "]";
    }

    /** Builds {@link ServiceOptions}. Not thread-safe. */
    public static final class Builder {
        private final String brokerUri;
        private String clientId = DEFAULT_CLIENT_ID;
        private String username;
        private char[] password;
        private SSLSocketFactory socketFactory;
        private String topicRoot = ThingsProTopics.DEFAULT_ROOT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private int keepAliveSeconds = DEFAULT_KEEP_ALIVE_SECONDS;
        private Duration reconnectMinDelay = DEFAULT_RECONNECT_MIN_DELAY;
        private Duration reconnectMaxDelay = DEFAULT_RECONNECT_MAX_DELAY;
        private int maxInflight = DEFAULT_MAX_INFLIGHT;
        private int messageHistoryPerDevice = DEFAULT_MESSAGE_HISTORY;
        private TwinStore twinStore;

        private Builder(String brokerUri) {
            this.brokerUri = requireText("brokerUri", brokerUri);
        }

        public Builder clientId(String clientId) {
            this.clientId = requireText("clientId", clientId);
            return this;
        }

        /** Username and password for the broker; the password array is copied. */
        public Builder credentials(String username, char[] password) {
            this.username = requireText("username", username);
            this.password = password == null ? null : password.clone();
            return this;
        }

        /** TLS: the factory for {@code ssl://} broker URIs. */
        public Builder socketFactory(SSLSocketFactory socketFactory) {
            this.socketFactory = Objects.requireNonNull(socketFactory, "socketFactory");
            return this;
        }

        /** The topic root; {@code dm} by default. */
        public Builder topicRoot(String topicRoot) {
            new ThingsProTopics(topicRoot); // validates, with a reason
            this.topicRoot = topicRoot;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = requirePositive("connectTimeout", timeout);
            return this;
        }

        public Builder keepAliveSeconds(int seconds) {
            if (seconds < 1) {
                throw new IllegalArgumentException("keepAliveSeconds must be at least 1: " + seconds);
            }
            this.keepAliveSeconds = seconds;
            return this;
        }

        /** The delay before the first reconnect attempt after the connection is lost, doubling up to max. */
        public Builder reconnectDelays(Duration min, Duration max) {
            requirePositive("reconnect min delay", min);
            requirePositive("reconnect max delay", max);
            if (max.compareTo(min) < 0) {
                throw new IllegalArgumentException("reconnect max delay " + max + " is below the min delay " + min);
            }
            this.reconnectMinDelay = min;
            this.reconnectMaxDelay = max;
            return this;
        }

        public Builder maxInflight(int maxInflight) {
            if (maxInflight < 1) {
                throw new IllegalArgumentException("maxInflight must be at least 1: " + maxInflight);
            }
            this.maxInflight = maxInflight;
            return this;
        }

        public Builder messageHistoryPerDevice(int messages) {
            if (messages < 1) {
                throw new IllegalArgumentException("messageHistoryPerDevice must be at least 1: " + messages);
            }
            this.messageHistoryPerDevice = messages;
            return this;
        }

        /** Where twins are kept; a new {@link InMemoryTwinStore} by default. */
        public Builder twinStore(TwinStore store) {
            this.twinStore = Objects.requireNonNull(store, "store");
            return this;
        }

        public ServiceOptions build() {
            return new ServiceOptions(this);
        }

        private static String requireText(String what, String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(what + " must not be empty");
            }
            return value;
        }

        private static Duration requirePositive(String what, Duration d) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive: " + d);
            }
            return d;
        }
    }
}
