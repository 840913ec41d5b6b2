package io.dmkit.benchmarks;

import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.Message;
import com.microsoft.azure.sdk.iot.device.exceptions.IotHubClientException;
import io.dmkit.api.DmSession;
import io.dmkit.api.SessionConfig;
import io.dmkit.core.DmKit;
import io.dmkit.emulator.AuthKind;
import io.dmkit.emulator.Device;
import io.dmkit.emulator.Dialect;
import io.dmkit.emulator.Emulator;
import io.dmkit.emulator.EmulatorOptions;
import io.dmkit.emulator.TelemetryMessage;
import io.dmkit.testing.Await;
import io.dmkit.testing.ThreadCheck;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Figure 2: QoS 1 telemetry through the emulator's Azure IoT Hub dialect, a dmkit Azure session beside
 * Microsoft's Java device SDK ({@code iot-device-client} {@value #SDK_VERSION}) sending the same payloads
 * to the same embedded emulator, each as its own SAS device over MQTT/TLS. As in figure 1, each round
 * runs both back to back in an order that alternates from round to round, and the figure is the median
 * of the per-round dmkit ÷ SDK ratios.
 *
 * <p>The SDK is used as a user would: {@code DeviceClient} over {@code MQTT}, its default options (only an
 * {@code SSLContext} trusting the emulator's CA is added), {@code sendEventAsync} with a callback. Its
 * throughput is bounded by its send task, which {@code DeviceIO} schedules with a fixed delay of
 * {@code ClientOptions.sendInterval} (default 10 ms) and which sends at most
 * {@code ClientOptions.messagesSentPerSendInterval} (default 10) queued messages per run, then runs the
 * completed messages' callbacks: at most about 10 messages per 10 ms whatever the link. Those two
 * options are the knobs; the figure is measured with the defaults, since that is what users get.
 *
 * <p>Both are far slower through the emulator (HiveMQ and its extension, TLS) than figure 1's clients on
 * Mosquitto, and the SDK slower still, so rounds are sized by time rather than by figure 1's counts: a
 * warm-up per client and payload (batches of a fifth of figure 1's count for dmkit, a tenth for the SDK, at
 * least {@value #MIN_MESSAGES}) measures each client's rate, and every timed round then sends about
 * {@link #roundSeconds} seconds of messages from each. Messages per second is what is compared, not
 * messages per round.
 */
final class VendorSdkThroughput {

    /**
     * One payload size: messages per second of each client, one value per timed round.
     *
     * @param roundSeconds how long each client was meant to send per timed round (what sized the counts)
     */
    record Result(int payloadBytes, double roundSeconds, int dmkitMessagesPerRound, int sdkMessagesPerRound,
            int tunedMessagesPerRound, List<Double> dmkit, List<Double> sdk, List<Double> tuned) {

        /** dmkit ÷ the SDK with its defaults: the target. */
        double ratio() {
            return Stats.median(Stats.ratios(dmkit, sdk));
        }

        /** dmkit ÷ the SDK with its send task unthrottled: how much of the ratio is the SDK's default pacing. */
        double tunedRatio() {
            return Stats.median(Stats.ratios(dmkit, tuned));
        }
    }

    static final String SDK_VERSION = "2.5.0";
    /** Hard-coded by the SDK over MQTT: {@code MqttIotHubConnection.SSL_PORT_SUFFIX = ":8883"}. */
    private static final int SDK_MQTT_PORT = 8883;
    /**
     * The SDK refuses a {@code HostName} without a dot (it takes the hub name from before the first one),
     * so both clients use 127.0.0.1, which the emulator's server certificate names (see AzureDeviceSdkTest).
     */
    private static final String HUB_HOST = "127.0.0.1";
    private static final String DMKIT_DEVICE = "bench-az-dmkit";
    private static final String SDK_DEVICE = "bench-az-sdk";
    private static final String TUNED_DEVICE = "bench-az-sdk-tuned";
    /** The tuned SDK's send task: every millisecond, up to this many messages a run (defaults: 10 ms, 10). */
    private static final int TUNED_MESSAGES_PER_SEND = 1_000;
    private static final Duration CONNECT = Duration.ofSeconds(30);
    private static final Duration CLOSED = Duration.ofSeconds(15);
    private static final String JNA_CLEANER = "JNA Cleaner";
    /**
     * The fewest messages a round sends: fewer measure the JIT and the first round trips rather than the
     * client (with {@code --quick}, 0.25 s of dmkit through the emulator was under 100 messages).
     */
    private static final int MIN_MESSAGES = 200;
    /** The most a round sends (a round is sent at once, so dmkit's queue holds this many). */
    private static final int MAX_MESSAGES = 50_000;
    /**
     * How long dmkit warms up before the first payload, in rounds' time: with 1.5 rounds' time its first
     * timed rounds still ran at a third of its later ones (the emulator's HiveMQ, TLS and dmkit were still
     * being compiled on two busy cores).
     */
    private static final double FIRST_WARM_UP_ROUNDS = 3;
    /** How long each client warms up for the other payload, and the SDK for the first (its rate is its timer's). */
    private static final double WARM_UP_ROUNDS = 1;

    private final Settings settings;

    VendorSdkThroughput(Settings settings) {
        this.settings = settings;
    }

    /**
     * About how long each client sends in a timed round: 2.5 s with the default settings, 0.25 s with
     * {@code --quick} (scaled with the suite's message counts, which {@code --quick} divides by ten).
     */
    private double roundSeconds() {
        return settings.smallMessages() / 4_000.0;
    }

    /** Starts the emulator, measures both payloads, and closes the emulator and every client thread. */
    List<Result> run() throws Exception {
        checkSdkPortFree();
        Set<Thread> before = ThreadCheck.snapshot();
        Path work = Files.createDirectories(settings.work());
        Path data = Files.createTempDirectory(work, "azure-outbox-");
        List<Result> results = new ArrayList<>();
        try (Emulator emulator = Emulator.start(EmulatorOptions.forTests(Files.createTempDirectory(work,
                "emulator-")).mqttTlsPort(SDK_MQTT_PORT).build());
                DmKit dm = DmKit.builder().discoverTransports().dataDirectory(data).build()) {
            Device dmkitDevice = emulator.registerDevice(DMKIT_DEVICE, Dialect.AZURE, AuthKind.SAS);
            Device sdkDevice = emulator.registerDevice(SDK_DEVICE, Dialect.AZURE, AuthKind.SAS);
            Device tunedDevice = emulator.registerDevice(TUNED_DEVICE, Dialect.AZURE, AuthKind.SAS);
            DmSession session = dm.createSession(SessionConfig.builder("bench-azure").cloudType("azure")
                    .host(HUB_HOST).port(emulator.endpoints().mqttTlsPort()).deviceId(dmkitDevice.id())
                    .key(dmkitDevice.key()).rootCa(emulator.endpoints().caCertificate().toString())
                    .outbox(SessionConfig.Outbox.MEMORY).queueCapacity(MAX_MESSAGES)
                    .queueMaxBytes((long) MAX_MESSAGES * Settings.LARGE_PAYLOAD).build());
            Await.until(session.name() + " CONNECTED", CONNECT, () -> session.state().isConnected());
            SSLContext tls = trusting(emulator.endpoints().caCertificate());
            DeviceClient sdk = sdkClient(sdkDevice, ClientOptions.builder().sslContext(tls).build());
            DeviceClient tuned = sdkClient(tunedDevice, ClientOptions.builder().sslContext(tls).sendInterval(1)
                    .messagesSentPerSendInterval(TUNED_MESSAGES_PER_SEND).build());
            try {
                sdk.open(false);
                tuned.open(false);
                Client[] clients = {
                    (payload, count) -> TelemetryThroughput.send(session, payload, count),
                    (payload, count) -> send(sdk, payload, count),
                    (payload, count) -> send(tuned, payload, count)};
                results.add(measure(Settings.SMALL_PAYLOAD, settings.smallMessages(), FIRST_WARM_UP_ROUNDS, clients));
                checkRecorded(emulator, Settings.SMALL_PAYLOAD);
                results.add(measure(Settings.LARGE_PAYLOAD, settings.largeMessages(), WARM_UP_ROUNDS, clients));
                checkRecorded(emulator, Settings.LARGE_PAYLOAD);
            } finally {
                sdk.close();
                tuned.close();
            }
        }
        awaitThreadsEnded(before);
        return results;
    }

    private static final String[] NAMES = {"dmkit", "SDK", "tuned SDK"};

    /** Warms up dmkit, the SDK and the tuned SDK, then times rounds of the three in an order that rotates. */
    private Result measure(int size, int figureOneCount, double dmkitWarmUpRounds, Client[] clients) throws Exception {
        byte[] payload = new byte[size];
        Arrays.fill(payload, (byte) 'x');
        int[] counts = new int[clients.length];
        counts[0] = count(warmUp(NAMES[0], clients[0], payload, Math.max(MIN_MESSAGES, figureOneCount / 5),
                dmkitWarmUpRounds));
        for (int c = 1; c < clients.length; c++) {
            counts[c] = count(warmUp(NAMES[c], clients[c], payload, Math.max(MIN_MESSAGES, figureOneCount / 10),
                    WARM_UP_ROUNDS));
        }
        List<List<Double>> rates = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int round = 1; round <= settings.rounds(); round++) {
            double[] rate = new double[clients.length];
            for (int slot = 0; slot < clients.length; slot++) {
                int c = (slot + round) % clients.length;
                rate[c] = clients[c].send(payload, counts[c]);
                rates.get(c).add(rate[c]);
            }
            System.out.printf(Locale.ROOT, "  azure telemetry %d B round %d: dmkit %.0f, SDK %.0f, tuned SDK %.0f msg/s%n",
                    size, round, rate[0], rate[1], rate[2]);
        }
        return new Result(size, roundSeconds(), counts[0], counts[1], counts[2], rates.get(0), rates.get(1),
                rates.get(2));
    }

    /**
     * Sends batches of {@code batch} messages until {@code rounds} rounds' time has passed.
     *
     * @return the last batch's messages per second
     */
    private double warmUp(String name, Client client, byte[] payload, int batch, double rounds) throws Exception {
        long end = System.nanoTime() + (long) (rounds * roundSeconds() * 1e9);
        int batches = 0;
        double rate;
        do {
            rate = client.send(payload, batch);
            batches++;
        } while (System.nanoTime() < end);
        System.out.printf(Locale.ROOT, "  azure telemetry %d B warm-up: %s %d × %d messages, last %.0f msg/s%n",
                payload.length, name, batches, batch, rate);
        return rate;
    }

    /** Messages for a round of about {@link #roundSeconds} at {@code rate}. */
    private int count(double rate) {
        return (int) Math.max(MIN_MESSAGES, Math.min(MAX_MESSAGES, Math.round(rate * roundSeconds())));
    }

    /** One of the two clients under test. */
    @FunctionalInterface
    private interface Client {
        /** Sends {@code count} messages and waits until each is acknowledged; returns messages per second. */
        double send(byte[] payload, int count) throws Exception;
    }

    /**
     * Calls {@code sendEventAsync} {@code count} times, as fast as the caller can, and waits for every
     * callback (the SDK calls it once the hub's PUBACK has arrived).
     *
     * @return messages per second, from the first call to the last callback
     */
    private static double send(DeviceClient sdk, byte[] payload, int count) throws Exception {
        CountDownLatch sent = new CountDownLatch(count);
        AtomicReference<IotHubClientException> failure = new AtomicReference<>();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            // a Message per send, as the SDK's samples do: it keeps per-message state (expiry, correlation)
            sdk.sendEventAsync(new Message(payload), (message, e, context) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
                sent.countDown();
            }, null);
        }
        if (!sent.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the SDK called back for " + (count - sent.getCount()) + " of " + count
                    + " messages in 5 minutes");
        }
        long elapsed = System.nanoTime() - start;
        if (failure.get() != null) {
            throw new IllegalStateException("the SDK failed to send a message: " + failure.get().getStatusCode(),
                    failure.get());
        }
        return count / (elapsed / 1e9);
    }

    /**
     * Waits until every thread the figure started has ended: the SDK's tasks ({@code …azure-iot-sdk-…Task})
     * and Paho threads end a moment after {@code close()} returns, the emulator's and dmkit's in their
     * {@code close()}. Not JNA's cleaner, which JNA starts once per JVM and never stops (HiveMQ loads JNA
     * through OSHI), nor the JDK's housekeeping threads.
     */
    private static void awaitThreadsEnded(Set<Thread> before) {
        Supplier<List<String>> left = () -> ThreadCheck.snapshot().stream().filter(t -> !before.contains(t))
                .map(Thread::getName).filter(name -> !name.equals(JNA_CLEANER)
                        && ThreadCheck.JDK_HOUSEKEEPING_PREFIXES.stream().noneMatch(name::startsWith))
                .sorted().toList();
        try {
            Await.until("the threads of figure 2 ended", CLOSED, () -> left.get().isEmpty());
        } catch (AssertionError e) {
            throw new IllegalStateException(e.getMessage() + "; still alive: " + left.get(), e);
        }
    }

    /**
     * The acknowledgements counted were the hub's: the emulator's Azure dialect recorded each device's
     * latest message as telemetry, with the payload just sent.
     */
    private static void checkRecorded(Emulator emulator, int size) {
        for (String device : List.of(DMKIT_DEVICE, SDK_DEVICE, TUNED_DEVICE)) {
            List<TelemetryMessage> latest = emulator.messages(device, 1);
            if (latest.isEmpty() || latest.get(0).payload().length != size) {
                throw new IllegalStateException("the emulator did not record " + device + "'s " + size
                        + " B telemetry; its latest: " + (latest.isEmpty() ? "none"
                        : latest.get(0).payload().length + " B on " + latest.get(0).topic()));
            }
        }
    }

    /** The SDK connects only to port 8883 over MQTT: say so plainly when something else holds it. */
    private static void checkSdkPortFree() throws IOException {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName(HUB_HOST), SDK_MQTT_PORT));
        } catch (IOException e) {
            throw new IOException("port " + SDK_MQTT_PORT + " on " + HUB_HOST + " is taken (" + e.getMessage()
                    + "): the Azure device SDK only connects to port 8883 over MQTT, so figure 2 needs it free", e);
        }
    }

    private static DeviceClient sdkClient(Device device, ClientOptions options) {
        return new DeviceClient("HostName=" + HUB_HOST + ";DeviceId=" + device.id() + ";SharedAccessKey="
                + device.key(), IotHubClientProtocol.MQTT, options);
    }

    /** An SSLContext that trusts the emulator's CA, for the SDK (dmkit takes the CA as {@code root.ca}). */
    private static SSLContext trusting(Path caPem) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            int index = 0;
            for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("ca-" + index++, ca);
            }
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    static List<Target> targets(List<Result> results) {
        List<Target> targets = new ArrayList<>();
        for (Result r : results) {
            targets.add(Target.atLeast("telemetry " + r.payloadBytes() + " B vs Azure device SDK", "≥ 5× the SDK",
                    fmt("%.2f× the SDK (%.2f× with its send task tuned)", r.ratio(), r.tunedRatio()), r.ratio(), 5));
        }
        return targets;
    }

    /** The body of section 2 of performance.md: the table, the rounds and the method. */
    static String markdown(List<Result> results) {
        double seconds = results.isEmpty() ? Double.NaN : results.get(0).roundSeconds();
        StringBuilder md = new StringBuilder();
        md.append("| payload | messages per round (dmkit / SDK / tuned SDK) | dmkit | Azure device SDK | ratio | ")
                .append("SDK, send task tuned | ratio |\n|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            md.append(fmt("| %d B | %,d / %,d / %,d | %,.0f | %,.0f | %.2f× | %,.0f | %.2f× |\n", r.payloadBytes(),
                    r.dmkitMessagesPerRound(), r.sdkMessagesPerRound(), r.tunedMessagesPerRound(),
                    Stats.median(r.dmkit()), Stats.median(r.sdk()), r.ratio(), Stats.median(r.tuned()),
                    r.tunedRatio()));
        }
        md.append("\nPer round (dmkit / SDK / tuned SDK, messages per second):\n\n");
        for (Result r : results) {
            List<String> rounds = new ArrayList<>();
            for (int i = 0; i < r.dmkit().size(); i++) {
                rounds.add(fmt("%,.0f / %,.0f / %,.0f", r.dmkit().get(i), r.sdk().get(i), r.tuned().get(i)));
            }
            md.append("- ").append(r.payloadBytes()).append(" B: ").append(String.join("; ", rounds)).append("\n");
        }
        md.append("\nBoth clients send QoS 1 telemetry (`devices/{id}/messages/events/`) to one embedded emulator ")
                .append("(`io.dmkit.emulator.Emulator`, HiveMQ CE) over MQTT/TLS on 127.0.0.1:8883, each as its own ")
                .append("device with a SAS key: dmkit through `DmKit` (plain Java, `azure` transport, in-memory ")
                .append("outbox, default in-flight window of ").append(SessionConfig.INFLIGHT_MAX.defaultValue().orElseThrow())
                .append("), Microsoft's `iot-device-client` ").append(SDK_VERSION)
                .append(" as `DeviceClient` over `MQTT` with its default options (only an `SSLContext` trusting ")
                .append("the emulator's CA added) and `sendEventAsync`. Throughput is messages ÷ time from the ")
                .append("first send to the last acknowledgement (dmkit's futures, the SDK's callbacks); the clients ")
                .append("run back to back in an order that rotates every round, after a warm-up, and the ")
                .append("ratio is the median of the per-round ratios. Rounds are sized by time: each client sends ")
                .append("what it sent in about ").append(fmt("%.2g", seconds)).append(" s at the end of its warm-up ")
                .append("(").append(fmt("%.2g", seconds * WARM_UP_ROUNDS)).append(" s of batches; dmkit ")
                .append(fmt("%.2g", seconds * FIRST_WARM_UP_ROUNDS)).append(" s before the first payload). ")
                .append("The SDK's send task runs every `sendInterval` (10 ms, after the previous ")
                .append("run) and sends at most `messagesSentPerSendInterval` (10) messages per run, about 1,000 ")
                .append("messages per second at most: both are `ClientOptions`, left at their defaults for the ")
                .append("target, as users get them. The tuned SDK (a third device) runs its send task every ")
                .append("millisecond with up to ").append(fmt("%,d", TUNED_MESSAGES_PER_SEND))
                .append(" messages a run: the last columns show how much of the ratio that pacing is.\n");
        return md.toString();
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
