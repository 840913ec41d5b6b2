package io.dmkit.transport.mqtt;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.SocketFactory;

/**
 * Everything one MQTT connection needs: where, who, how it is protected, what it subscribes to and
 * its last will. Immutable; {@link #toString()} leaves out the password.
 */
public final class ConnectSettings {

    /** A last-will message. */
    public record Will(String topic, byte[] payload, int qos, boolean retained) {
    }

    private final String serverUri;
    private final String clientId;
    private final String username;
    private final char[] password;
    private final SocketFactory socketFactory;
    private final boolean verifyHostname;
    private final int keepAliveSeconds;
    private final Duration connectTimeout;
    private final int maxInflight;
    private final Will will;
    private final List<String> subscriptions;

    private ConnectSettings(Builder b) {
        this.serverUri = Objects.requireNonNull(b.serverUri, "serverUri");
        this.clientId = Objects.requireNonNull(b.clientId, "clientId");
        this.username = b.username;
        this.password = b.password == null ? null : b.password.clone();
        this.socketFactory = NoDelaySockets.wrap(b.socketFactory, serverUri);
        this.verifyHostname = b.verifyHostname;
        this.keepAliveSeconds = b.keepAliveSeconds;
        this.connectTimeout = b.connectTimeout;
        this.maxInflight = b.maxInflight;
        this.will = b.will;
        this.subscriptions = List.copyOf(b.subscriptions);
    }

    public static Builder builder(String serverUri, String clientId) {
        return new Builder(serverUri, clientId);
    }

    public String serverUri() {
        return serverUri;
    }

    public String clientId() {
        return clientId;
    }

    /** The filters subscribed at QoS 1 after every connect, in this order, in one SUBSCRIBE. */
    public List<String> subscriptions() {
        return subscriptions;
    }

    /** The user name, or null when the device authenticates otherwise (client certificate, TLS-PSK). */
    public String username() {
        return username;
    }

    /** A copy of the password, or null; callers must not keep it longer than the connection attempt. */
    public char[] password() {
        return password == null ? null : password.clone();
    }

    /**
     * The socket factory: the one given to the builder, or the platform's default for the URI's scheme,
     * whose sockets {@link #connected()} turns Nagle off on (see {@link NoDelaySockets}).
     */
    public SocketFactory socketFactory() {
        return socketFactory;
    }

    /**
     * The service accepted the connection just made with {@link #socketFactory()}: from now on its
     * small packets go out at once ({@code TCP_NODELAY}, see {@link NoDelaySockets}).
     */
    public void connected() {
        NoDelaySockets.connected(socketFactory);
    }

    /** Whether the service's certificate must name the host. */
    public boolean verifyHostname() {
        return verifyHostname;
    }

    public int keepAliveSeconds() {
        return keepAliveSeconds;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** The most unacknowledged QoS 1 publishes at once. */
    public int maxInflight() {
        return maxInflight;
    }

    /** The last will, or null. */
    public Will will() {
        return will;
    }

    @Override
    public String toString() {
        return "ConnectSettings[" + serverUri + ", client " + clientId + (username == null ? "" : ", user " + username)
                + (password == null ? "" : ", password ***") + ", keepalive " + keepAliveSeconds + " s]";
    }

    /** Builds {@link ConnectSettings}. */
    public static final class Builder {
        private final String serverUri;
        private final String clientId;
        private String username;
        private char[] password;
        private SocketFactory socketFactory;
        private boolean verifyHostname = true;
        private int keepAliveSeconds = 60;
        private Duration connectTimeout = Duration.ofSeconds(30);
        private int maxInflight = 64;
        private Will will;
        private List<String> subscriptions = List.of();

        private Builder(String serverUri, String clientId) {
            this.serverUri = serverUri;
            this.clientId = clientId;
        }

        public Builder credentials(String username, char[] password) {
            this.username = username;
            this.password = password == null ? null : password.clone();
            return this;
        }

        /**
         * The socket factory: an SSLSocketFactory for {@code ssl://} URIs, a plain one (TLS-PSK) for {@code tcp://};
         * none means the platform's default.
         */
        public Builder socketFactory(SocketFactory factory) {
            this.socketFactory = factory;
            return this;
        }

        /** Whether to check that the service's certificate names the host (on by default). */
        public Builder verifyHostname(boolean verify) {
            this.verifyHostname = verify;
            return this;
        }

        public Builder keepAliveSeconds(int seconds) {
            this.keepAliveSeconds = seconds;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** Paho's limit of unacknowledged QoS 1 publishes; above it Paho refuses to publish. */
        public Builder maxInflight(int max) {
            this.maxInflight = max;
            return this;
        }

        public Builder will(Will will) {
            this.will = will;
            return this;
        }

        public Builder subscriptions(List<String> filters) {
            this.subscriptions = filters;
            return this;
        }

        public ConnectSettings build() {
            return new ConnectSettings(this);
        }
    }
}
