package io.dmkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.dmkit.testing.Await;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged gateway as a user runs it: {@code java -jar target/dmkit-gateway.jar}, a separate
 * process with {@code lib/} beside it, on free ports, with its data in a temporary directory. Runs
 * after {@code package} (failsafe). One flow, because each start costs seconds: the demo session
 * connects (seen through Gogo's {@code dm:sessions}), the emulator's REST API reaches the {@code ping}
 * handler, the Web Console lists the session form with the key masked and saves an edit, SIGTERM stops
 * the gateway cleanly, and a restart on the same data directory keeps the edit.
 */
class GatewayJarIT {

    /** Generous: a shared two-core CI machine may be busy with other builds. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** What the issue asks of a stop on SIGTERM. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final String USER = "it-operator";
    private static final String PASSWORD = "it-" + UUID.randomUUID();
    private static final String SESSION_PID = "io.dmkit.session~gateway-demo";

    private static final Pattern BANNER = Pattern.compile("dmkit gateway is running \\(started in ([0-9.]+) s\\)");
    private static final Pattern SESSIONS_HEADER = Pattern.compile("NAME\\s+CLOUD\\s+STATUS\\s+REASON\\s+SINCE");
    private static final Pattern DEMO_CONNECTED = Pattern.compile("(?m)^gateway-demo\\s+thingspro\\s+CONNECTED\\s");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void runsTheDemoGatewayStopsCleanlyOnSigtermAndKeepsAnEditedSessionAcrossARestart() throws Exception {
        Path jar = Path.of(System.getProperty("dmkit.gateway.jar", "target/dmkit-gateway.jar"));
        Ports ports = Ports.free();
        List<String> args = List.of("--data", dir.resolve("data").toString(), "--http-port", str(ports.console),
                "--emulator-mqtt-port", str(ports.mqtt), "--emulator-mqtt-tls-port", str(ports.mqttTls),
                "--emulator-wss-port", str(ports.wss), "--emulator-http-port", str(ports.emulatorHttp),
                "--shell", "on");
        Map<String, String> environment = Map.of("DMKIT_CONSOLE_USER", USER, "DMKIT_CONSOLE_PASSWORD", PASSWORD);
        // the gateway's output stays after the test, for a failure to be read
        Path logs = Files.createDirectories(Path.of(System.getProperty("dmkit.gateway.logs", "target/gateway-it")));

        long started = System.nanoTime();
        try (GatewayProcess gateway = GatewayProcess.start(jar, args, environment, logs.resolve("first-run.log"))) {
            Duration connected = awaitDemoSessionConnected(gateway, started);
            System.out.println("first start: jar started -> gateway-demo CONNECTED in dm:sessions after "
                    + connected.toMillis() + " ms (banner: " + bannerSeconds(gateway) + " s); RSS "
                    + gateway.residentMebibytes().map(mb -> mb + " MiB").orElse("unknown"));
            assertThat(gateway.output()).as("every bundle of lib/bundles resolves and starts")
                    .doesNotContain("NOT RUNNING");

            assertPingIsAnsweredThroughTheEmulator(ports);
            assertConsoleListsTheSessionFormWithTheKeyMasked(ports);

            editKeepAliveInTheConsole(ports, 45);
            Path sessionFile = dir.resolve("data").resolve("config").resolve(DefaultSession.FILE_NAME);
            awaitFileContains(sessionFile, "keepalive = I\"45\"");
            awaitDemoSessionConnected(gateway, System.nanoTime()); // the edited session replaced the old one

            assertStopsCleanlyOnSigterm(gateway);
            assertThat(gateway.output()).as("the console password is never printed").doesNotContain(PASSWORD);
        }

        started = System.nanoTime();
        try (GatewayProcess gateway = GatewayProcess.start(jar, args, environment, logs.resolve("second-run.log"))) {
            Duration connected = awaitDemoSessionConnected(gateway, started);
            System.out.println("restart: jar started -> gateway-demo CONNECTED in dm:sessions after "
                    + connected.toMillis() + " ms (banner: " + bannerSeconds(gateway) + " s); RSS "
                    + gateway.residentMebibytes().map(mb -> mb + " MiB").orElse("unknown"));
            assertThat(sessionForm(ports).getAsJsonObject("keepalive").get("value").getAsString())
                    .as("the keep-alive edited in the Web Console before the restart").isEqualTo("45");
            assertThat(gateway.output()).contains("keepalive=45");
            assertPingIsAnsweredThroughTheEmulator(ports);
            assertStopsCleanlyOnExit(gateway);
        }
    }

    /**
     * Types {@code dm:sessions} into the gateway's Gogo shell until the demo session shows CONNECTED.
     *
     * @return the time from {@code startedNanos}
     */
    private static Duration awaitDemoSessionConnected(GatewayProcess gateway, long startedNanos) throws Exception {
        gateway.await(BANNER, 0, START_TIMEOUT);
        long deadline = startedNanos + START_TIMEOUT.toNanos();
        while (true) {
            int from = gateway.mark();
            gateway.type("dm:sessions");
            gateway.await(SESSIONS_HEADER, from, Duration.ofSeconds(30));
            if (gateway.find(DEMO_CONNECTED, from, Duration.ofMillis(250)).isPresent()) {
                return Duration.ofNanos(System.nanoTime() - startedNanos);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gateway-demo is not CONNECTED in dm:sessions within "
                        + START_TIMEOUT.toSeconds() + " s; the gateway printed:\n" + gateway.tail(60));
            }
        }
    }

    /** (a) the emulator's REST API invokes {@code ping} on the gateway, which echoes the payload. */
    private void assertPingIsAnsweredThroughTheEmulator(Ports ports) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + ports.emulatorHttp + "/api/devices/gateway-demo/commands/ping"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"hello\":1}")).timeout(Duration.ofSeconds(40)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"status\":200,\"payload\":{\"hello\":1}}");
    }

    /** (b) the configuration page lists the "dmkit session" factory, and its form masks the key. */
    private void assertConsoleListsTheSessionFormWithTheKeyMasked(Ports ports) throws Exception {
        String page = "http://127.0.0.1:" + ports.console + "/system/console/configMgr";
        assertThat(get(page, null).statusCode()).as("no login").isEqualTo(401);
        assertThat(get(page, basic("admin", "admin")).statusCode()).as("the default login, replaced").isEqualTo(401);

        HttpResponse<String> configMgr = get(page, basic(USER, PASSWORD));
        assertThat(configMgr.statusCode()).isEqualTo(200);
        Matcher data = Pattern.compile("configData = (\\{.*?\\});").matcher(configMgr.body());
        assertThat(data.find()).as("the page's configuration data").isTrue();
        JsonObject configData = JsonParser.parseString(data.group(1)).getAsJsonObject();
        assertThat(configData.get("metatype").getAsBoolean()).isTrue();
        assertThat(configData.getAsJsonArray("fpids")).anySatisfy(f -> {
            assertThat(f.getAsJsonObject().get("id").getAsString()).isEqualTo("io.dmkit.session");
            assertThat(f.getAsJsonObject().get("name").getAsString()).isEqualTo("dmkit session");
        });
        assertThat(configData.getAsJsonArray("pids")).anySatisfy(
                p -> assertThat(p.getAsJsonObject().get("id").getAsString()).isEqualTo(SESSION_PID));

        JsonObject key = sessionForm(ports).getAsJsonObject("key");
        assertThat(key.get("type").getAsInt()).as("Metatype PASSWORD: the form shows a password field").isEqualTo(12);
        assertThat(key.get("value").getAsString()).as("the key itself never reaches the browser")
                .isEqualTo("unmodified");
    }

    /** The properties of the demo session's form, as the configuration page loads them. */
    private JsonObject sessionForm(Ports ports) throws Exception {
        HttpResponse<String> form = get("http://127.0.0.1:" + ports.console + "/system/console/configMgr/"
                + SESSION_PID + "?post=true", basic(USER, PASSWORD));
        assertThat(form.statusCode()).isEqualTo(200);
        return JsonParser.parseString(form.body()).getAsJsonObject().getAsJsonObject("properties");
    }

    /** Saves the demo session's form with another keep-alive, as the configuration page's Save button does. */
    private void editKeepAliveInTheConsole(Ports ports, int keepAlive) throws Exception {
        JsonObject properties = sessionForm(ports);
        List<String> fields = new ArrayList<>(List.of("apply=true", "action=ajaxConfigManager",
                "factoryPid=io.dmkit.session", "propertylist=" + encode(String.join(",", properties.keySet()))));
        for (String name : properties.keySet()) {
            String value = name.equals("keepalive") ? String.valueOf(keepAlive)
                    : properties.getAsJsonObject(name).get("value").getAsString();
            fields.add(encode(name) + "=" + encode(value));
        }
        HttpResponse<String> saved = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.console
                + "/system/console/configMgr/" + SESSION_PID)).header("Authorization", basic(USER, PASSWORD))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(String.join("&", fields))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(saved.statusCode()).as(saved.body()).isIn(200, 302);
    }

    /**
     * (d) SIGTERM: the process ends within the limit, and the emulator (in the same process) saw the
     * demo device's connection end before it was itself closed: the session disconnected by itself.
     */
    private static void assertStopsCleanlyOnSigterm(GatewayProcess gateway) throws Exception {
        int from = gateway.mark();
        long stopping = System.nanoTime();
        Optional<Integer> exit = gateway.terminate(STOP_TIMEOUT);
        assertThat(exit).as("exited within " + STOP_TIMEOUT.toSeconds() + " s of SIGTERM; it printed:\n"
                + gateway.tail(30)).isPresent();
        System.out.println("SIGTERM -> exit in " + Duration.ofNanos(System.nanoTime() - stopping).toMillis()
                + " ms, status " + exit.get());
        // 128 + 15: the JVM ran its shutdown hooks (the gateway's stop) and ended because of the signal
        assertThat(exit.get()).isEqualTo(143);
        String stop = gateway.output().substring(from);
        assertThat(stop).contains("dmkit gateway: gateway-demo is disconnected from the emulator",
                "dmkit gateway stopped");
        assertThat(stop.indexOf("disconnected from the emulator")).isLessThan(stop.indexOf("dmkit gateway stopped"));
    }

    /**
     * (e) {@code exit} typed into the shell stops the gateway as SIGTERM does, with status 0: Gogo's own
     * profile made {@code exit} {@code System.exit}, which refused a bare {@code exit} and, given a status,
     * ended the JVM without the sessions saying goodbye.
     */
    private static void assertStopsCleanlyOnExit(GatewayProcess gateway) throws Exception {
        int from = gateway.mark();
        gateway.type("exit");
        Optional<Integer> exit = gateway.awaitExit(STOP_TIMEOUT);
        assertThat(exit).as("exited within " + STOP_TIMEOUT.toSeconds() + " s of exit; it printed:\n"
                + gateway.tail(30)).hasValue(0);
        String stop = gateway.output().substring(from);
        assertThat(stop).doesNotContain("Cannot coerce").contains(
                "dmkit gateway: gateway-demo is disconnected from the emulator", "dmkit gateway stopped");
    }

    /** FileInstall writes the file on its own thread: wait until it holds {@code text}. */
    private static void awaitFileContains(Path file, String text) {
        Await.until(file + " containing '" + text + "'", Duration.ofSeconds(20), () -> {
            try {
                return Files.exists(file) && Files.readString(file).contains(text);
            } catch (IOException e) {
                return false; // being rewritten: look again
            }
        });
    }

    private HttpResponse<String> get(String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String bannerSeconds(GatewayProcess gateway) throws InterruptedException {
        return gateway.await(BANNER, 0, Duration.ZERO).group(1);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String str(int port) {
        return String.valueOf(port);
    }

    /** Five ports free now, the same for both runs (the demo session's file names the MQTT one). */
    private record Ports(int console, int mqtt, int mqttTls, int wss, int emulatorHttp) {

        static Ports free() throws IOException {
            List<ServerSocket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    sockets.add(new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()));
                }
                return new Ports(sockets.get(0).getLocalPort(), sockets.get(1).getLocalPort(),
                        sockets.get(2).getLocalPort(), sockets.get(3).getLocalPort(), sockets.get(4).getLocalPort());
            } finally {
                for (ServerSocket socket : sockets) {
                    socket.close();
                }
            }
        }
    }
}
