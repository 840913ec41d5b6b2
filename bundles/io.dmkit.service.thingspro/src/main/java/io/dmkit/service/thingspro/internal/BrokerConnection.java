package io.dmkit.service.thingspro.internal;

import io.dmkit.service.thingspro.ServiceConnectException;
import io.dmkit.service.thingspro.ServiceOptions;
import io.dmkit.transport.thingspro.protocol.LogSafe;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The service's one MQTT connection: a Paho client with a clean session that subscribes to every
 * device's topics, and reconnects and resubscribes by itself when the connection is lost (with a
 * clean session the broker forgets subscriptions, so they are made again on every connect).
 *
 * <p>Every connection gets a new Paho client, and the old one is released first. Reusing a client
 * right after it lost its connection can hang Paho 1.2.5 for good: its callback thread may still
 * be stopping, and the next connect then waits forever for it to run (seen here after broker
 * restarts). Reconnect attempts run on a thread of this class, one at a time with a doubling delay,
 * never on a Paho thread: they wait for the broker, which a Paho callback must not do.
 */
public final class BrokerConnection implements Publisher, AutoCloseable {

    /** What a message handler must be: quick and never throwing (it runs on Paho's callback thread). */
    public interface MessageHandler {
        void onMessage(String topic, byte[] payload, boolean retained);
    }

    private static final System.Logger LOG = System.getLogger(BrokerConnection.class.getName());

    private static final long QUIESCE_MS = 500;
    private static final long DISCONNECT_TIMEOUT_MS = 2000;
    private static final int GRANT_FAILURE = 0x80;

    private final ServiceOptions options;
    private final List<String> filters;
    private final ScheduledExecutorService reconnector;
    private final Object lock = new Object();
    private volatile MessageHandler handler;
    /** The client of the current (or last) connection; replaced by each attempt. */
    private volatile MqttAsyncClient client;
    private long nextDelayMs;
    private boolean reconnectScheduled;
    private volatile boolean closed;

    public BrokerConnection(ServiceOptions options, List<String> filters) {
        this.options = options;
        this.filters = List.copyOf(filters);
        this.reconnector = Executors.newSingleThreadScheduledExecutor(
                new NamedThreadFactory("dmkit-service-" + options.clientId() + "-reconnect"));
        this.nextDelayMs = options.reconnectMinDelay().toMillis();
    }

    /**
     * Connects and subscribes, waiting at most the connect timeout for each, and hands every message
     * received from then on to {@code handler}. On failure everything this object started is
     * released; it must not be used again.
     *
     * @throws IllegalArgumentException if the broker URI is not one Paho accepts
     */
    public void connect(MessageHandler handler) throws ServiceConnectException {
        this.handler = handler;
        try {
            connectAndSubscribe();
        } catch (ServiceConnectException | RuntimeException e) {
            close();
            throw e;
        }
        LOG.log(Level.INFO, "Service " + options.clientId() + " connected to " + options.brokerUri()
                + " and subscribed to " + filters);
    }

    public boolean isConnected() {
        MqttAsyncClient c = client;
        return c != null && c.isConnected();
    }

    @Override
    public boolean publish(String topic, byte[] payload) {
        MqttAsyncClient c = client;
        if (c == null) {
            LOG.log(Level.WARNING, "Could not publish to " + LogSafe.quote(topic) + ": not connected yet");
            return false;
        }
        try {
            c.publish(topic, payload, 1, false);
            return true;
        } catch (MqttException e) {
            LOG.log(Level.WARNING, "Could not publish to " + LogSafe.quote(topic) + ": " + describe(e));
            return false;
        }
    }

    /** Stops reconnecting, disconnects and releases Paho's threads and this class's own. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        reconnector.shutdownNow();
        try {
            if (!reconnector.awaitTermination(options.connectTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                LOG.log(Level.WARNING, "The reconnect thread of " + options.clientId() + " did not stop in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        MqttAsyncClient c = client;
        if (c == null) {
            return;
        }
        boolean wasConnected = c.isConnected();
        if (wasConnected) {
            try {
                c.disconnect(QUIESCE_MS).waitForCompletion(DISCONNECT_TIMEOUT_MS);
            } catch (MqttException e) {
                LOG.log(Level.WARNING, "Clean disconnect of " + options.clientId() + " failed (" + describe(e)
                        + "); closing the connection forcibly");
            }
        }
        release(c);
        if (wasConnected) {
            LOG.log(Level.INFO, "Service " + options.clientId() + " disconnected from " + options.brokerUri());
        }
    }

    private void connectAndSubscribe() throws ServiceConnectException {
        MqttAsyncClient previous = client;
        if (previous != null) {
            release(previous);
        }
        MqttAsyncClient fresh = newClient();
        // Published replies go through the newest client from now on, even before the SUBACK:
        // messages may arrive as soon as the subscription is made.
        client = fresh;
        long timeoutMs = options.connectTimeout().toMillis();
        try {
            fresh.connect(connectOptions()).waitForCompletion(timeoutMs);
        } catch (MqttException e) {
            release(fresh);
            throw new ServiceConnectException("cannot connect to " + options.brokerUri() + " as "
                    + options.clientId() + ": " + describe(e), e);
        }
        int[] granted;
        try {
            IMqttToken subscription = fresh.subscribe(filters.toArray(String[]::new), qos1(filters.size()));
            subscription.waitForCompletion(timeoutMs);
            granted = subscription.getGrantedQos();
        } catch (MqttException e) {
            release(fresh);
            throw new ServiceConnectException("connected to " + options.brokerUri() + " but could not subscribe: "
                    + describe(e), e);
        }
        if (granted == null || granted.length != filters.size()
                || Arrays.stream(granted).anyMatch(q -> q == GRANT_FAILURE)) {
            release(fresh);
            throw new ServiceConnectException("the broker at " + options.brokerUri() + " refused a subscription of "
                    + filters + " (granted QoS " + Arrays.toString(granted) + "); does the ACL let "
                    + options.clientId() + " read every device's topics?");
        }
    }

    private MqttAsyncClient newClient() {
        MqttAsyncClient c;
        try {
            c = new MqttAsyncClient(options.brokerUri(), options.clientId(), new MemoryPersistence());
        } catch (MqttException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot create an MQTT client for " + options.brokerUri() + ": "
                    + e.getMessage(), e);
        }
        c.setCallback(new Callback(c));
        return c;
    }

    private MqttConnectOptions connectOptions() {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(true);
        o.setAutomaticReconnect(false); // ours makes a new client and resubscribes; see class comment
        o.setKeepAliveInterval(options.keepAliveSeconds());
        o.setConnectionTimeout((int) Math.max(1, (options.connectTimeout().toMillis() + 999) / 1000));
        o.setMaxInflight(options.maxInflight());
        options.username().ifPresent(o::setUserName);
        options.password().ifPresent(o::setPassword);
        options.socketFactory().ifPresent(o::setSocketFactory);
        return o;
    }

    /** Ends a client's connection, if any, and its threads. Never throws. */
    private void release(MqttAsyncClient c) {
        try {
            c.disconnectForcibly(0, DISCONNECT_TIMEOUT_MS, false);
        } catch (MqttException | RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "Forced disconnect of a client of " + options.clientId() + ": " + e);
        }
        try {
            c.close(true);
        } catch (MqttException | RuntimeException e) {
            LOG.log(Level.WARNING, "Could not close an MQTT client of " + options.clientId() + ": " + e);
        }
    }

    private void scheduleReconnect() {
        synchronized (lock) {
            if (closed || reconnectScheduled) {
                return;
            }
            long delay = nextDelayMs;
            nextDelayMs = Math.min(nextDelayMs * 2, options.reconnectMaxDelay().toMillis());
            try {
                reconnector.schedule(this::reconnect, delay, TimeUnit.MILLISECONDS);
                reconnectScheduled = true;
            } catch (RejectedExecutionException e) {
                // closing
            }
        }
    }

    private void reconnect() {
        synchronized (lock) {
            reconnectScheduled = false;
            if (closed) {
                return;
            }
        }
        try {
            connectAndSubscribe();
            synchronized (lock) {
                nextDelayMs = options.reconnectMinDelay().toMillis();
            }
            LOG.log(Level.INFO, "Service " + options.clientId() + " reconnected to " + options.brokerUri()
                    + " and subscribed again");
        } catch (ServiceConnectException | RuntimeException e) {
            if (!closed) {
                LOG.log(Level.WARNING, "Reconnect of service " + options.clientId() + " failed: " + e.getMessage()
                        + "; trying again");
                scheduleReconnect();
            }
        }
    }

    private static int[] qos1(int n) {
        int[] qos = new int[n];
        Arrays.fill(qos, 1);
        return qos;
    }

    private static String describe(MqttException e) {
        String cause = e.getCause() != null ? " (" + e.getCause() + ")" : "";
        return e.getMessage() + " [Paho reason " + e.getReasonCode() + "]" + cause;
    }

    /**
     * Paho's callbacks for one client: hand messages to the handler, and start reconnecting when the
     * connection of the current client drops (a released client's late callbacks are ignored).
     */
    private final class Callback implements MqttCallback {
        private final MqttAsyncClient owner;

        Callback(MqttAsyncClient owner) {
            this.owner = owner;
        }

        @Override
        public void connectionLost(Throwable cause) {
            if (closed || owner != client) {
                return;
            }
            LOG.log(Level.WARNING, "Service " + options.clientId() + " lost its connection to " + options.brokerUri()
                    + " (" + cause + "); reconnecting");
            scheduleReconnect();
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            MessageHandler h = handler;
            if (h != null) {
                h.onMessage(topic, message.getPayload(), message.isRetained());
            }
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // QoS 1 acknowledgements need no action: replies and patches are fire-and-forget (spec §4, §5).
        }
    }
}
