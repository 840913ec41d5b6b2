package io.dmkit.emulator.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.dmkit.api.CommandResponse;
import io.dmkit.api.DmMessage;
import io.dmkit.api.DmSession;
import io.dmkit.api.SessionConfig;
import io.dmkit.core.DmKit;
import io.dmkit.emulator.Emulator;
import io.dmkit.emulator.EmulatorOptions;
import io.dmkit.emulator.Endpoints;
import io.dmkit.testing.Await;
import io.dmkit.testing.ThreadCheck;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST API and the page against a real emulator, over real HTTP. One emulator serves every test
 * (HiveMQ allows one per class loader at a time); each test uses its own device ids.
 */
class HttpApiTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    static Emulator emulator;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        emulator = Emulator.start(EmulatorOptions.forTests(dir.resolve("state")).build());
        api = new Api(emulator.endpoints().httpPort());
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Nested
    class Registry {

        @Test
        void registeredDeviceIsListedUntilDeleted() throws Exception {
            HttpResponse<String> put = api.send("PUT", "/api/devices/reg-1",
                    "{\"dialect\":\"thingspro\",\"auth\":{\"type\":\"none\"}}");
            assertThat(put.statusCode()).isEqualTo(200);
            JsonObject registration = json(put).getAsJsonObject();
            assertThat(registration.get("id").getAsString()).isEqualTo("reg-1");
            assertThat(registration.get("dialect").getAsString()).isEqualTo("thingspro");
            assertThat(registration.getAsJsonObject("auth").keySet()).containsExactly("type");

            assertThat(api.json("GET", "/api/devices", null).getAsJsonArray()).contains(JsonParser.parseString(
                    "{\"id\":\"reg-1\",\"dialect\":\"thingspro\",\"auth\":\"none\",\"connected\":false}"));

            assertThat(api.send("DELETE", "/api/devices/reg-1", null).statusCode()).isEqualTo(204);
            assertThat(ids(api.json("GET", "/api/devices", null).getAsJsonArray())).doesNotContain("reg-1");
            assertError(api.send("DELETE", "/api/devices/reg-1", null), 404, "reg-1");
        }

        @Test
        void thingsProRegistrationSaysWhereToConnect() throws Exception {
            Endpoints endpoints = emulator.endpoints();
            JsonObject open = register("reg-tp-open", "thingspro", "{\"type\":\"none\"}");
            assertThat(open.getAsJsonObject("connect").get("mqttUri").getAsString())
                    .isEqualTo("tcp://localhost:" + endpoints.mqttPort());

            JsonObject password = register("reg-tp-pw", "thingspro", "{\"type\":\"password\"}");
            assertThat(password.getAsJsonObject("auth").get("key").getAsString()).isNotBlank();
            JsonObject connect = password.getAsJsonObject("connect");
            assertThat(connect.get("mqttUri").getAsString()).isEqualTo("ssl://localhost:" + endpoints.mqttTlsPort());
            assertThat(connect.get("host").getAsString()).isEqualTo("localhost");
            assertThat(Path.of(connect.get("caCertificate").getAsString())).exists();
        }

        @Test
        void azureSasRegistrationCarriesTheKeyInItsConnectionString() throws Exception {
            String key = "MDEyMzQ1Njc4OWFiY2RlZg==";
            JsonObject registration = register("reg-az", "azure", "{\"type\":\"sas\",\"key\":\"" + key + "\"}");
            assertThat(registration.getAsJsonObject("auth").get("key").getAsString()).isEqualTo(key);
            JsonObject connect = registration.getAsJsonObject("connect");
            assertThat(connect.get("connectionString").getAsString())
                    .isEqualTo("HostName=127.0.0.1;DeviceId=reg-az;SharedAccessKey=" + key);
            assertThat(connect.get("username").getAsString()).isEqualTo("localhost/reg-az/?api-version=2021-04-12");
            assertThat(connect.get("mqttTlsPort").getAsInt()).isEqualTo(emulator.endpoints().mqttTlsPort());
            assertThat(connect.get("webSocketUri").getAsString())
                    .isEqualTo(emulator.endpoints().webSocketUri().toString());

            assertThat(api.send("GET", "/api/devices", null).body()).as("the list never shows keys")
                    .contains("reg-az").doesNotContain(key);
        }

        @Test
        void awsRegistrationIssuesACertificate() throws Exception {
            JsonObject registration = register("reg-aws", "aws", "{\"type\":\"x509\"}");
            JsonObject auth = registration.getAsJsonObject("auth");
            assertThat(auth.has("key")).isFalse();
            assertThat(Path.of(auth.get("certificateFile").getAsString())).exists();
            assertThat(Path.of(auth.get("privateKeyFile").getAsString())).exists();
            assertThat(auth.get("thumbprint").getAsString()).matches("[0-9a-f]{64}");
            JsonObject connect = registration.getAsJsonObject("connect");
            assertThat(connect.get("endpoint").getAsString()).isEqualTo("localhost");
            assertThat(connect.get("port").getAsInt()).isEqualTo(emulator.endpoints().mqttTlsPort());
            assertThat(connect.get("clientId").getAsString()).isEqualTo("reg-aws");
        }

        @Test
        void percentEncodedIdsAreDecoded() throws Exception {
            assertThat(register("site%3Aline%401", "thingspro", "{\"type\":\"none\"}").get("id").getAsString())
                    .isEqualTo("site:line@1");
            assertThat(emulator.device("site:line@1")).isPresent();
        }

        @Test
        void unusableRegistrationsAreRefusedWithTheReason() throws Exception {
            assertError(api.send("PUT", "/api/devices/reg-bad", "{\"dialect\":\"mqtt\",\"auth\":{\"type\":\"none\"}}"),
                    400, "unknown dialect 'mqtt'");
            assertError(api.send("PUT", "/api/devices/reg-bad", "{\"dialect\":\"aws\",\"auth\":{\"type\":\"sas\"}}"),
                    400, "cannot use sas");
            assertError(api.send("PUT", "/api/devices/reg-bad", "{\"dialect\":\"aws\",\"auth\":\"x509\"}"),
                    400, "\"auth\" must be an object");
            assertError(api.send("PUT", "/api/devices/reg-bad", "{oops"), 400,
                    "the body is not valid JSON (line 1, column 3)");
            assertError(api.send("PUT", "/api/devices/reg-bad", "{\"dialect\":\"aws\""), 400, "JSON");
            assertError(api.send("PUT", "/api/devices/reg-bad", ""), 400, "the body is empty");
            assertError(api.send("PUT", "/api/devices/a%2Fb", "{}"), 400, "device id");
            assertError(api.send("PUT", "/api/devices/" + "x".repeat(129), "{}"), 400, "1 to 128");
            assertThat(emulator.device("reg-bad")).isEmpty();
        }
    }

    @Nested
    class Errors {

        @Test
        void unknownPathsAndDevicesAre404() throws Exception {
            assertError(api.send("GET", "/api/nothing", null), 404, "no such resource");
            assertError(api.send("GET", "/api/devices/", null), 404, "no such resource");
            for (String path : new String[] {"/twin", "/messages", "/connection"}) {
                assertError(api.send("GET", "/api/devices/ghost" + path, null), 404, "ghost");
            }
            assertError(api.send("PATCH", "/api/devices/ghost/twin/desired", "{\"a\":1}"), 404, "ghost");
            assertError(api.send("POST", "/api/devices/ghost/faults", "{\"type\":\"drop\"}"), 404, "ghost");
            assertError(api.send("POST", "/api/devices/ghost/commands/ping", null), 404, "ghost");
        }

        @Test
        void wrongMethodIs405WithTheAllowedOnes() throws Exception {
            HttpResponse<String> post = api.send("POST", "/api/devices", "{}");
            assertError(post, 405, "GET");
            assertThat(post.headers().firstValue("Allow")).hasValue("GET");
            assertThat(api.send("GET", "/api/devices/x", null).headers().firstValue("Allow")).hasValue("DELETE, PUT");
            assertThat(api.send("DELETE", "/", null).statusCode()).isEqualTo(405);
        }

        @Test
        void bodiesOverOneMebibyteAre413() throws Exception {
            String large = "{\"a\":\"" + "x".repeat(Request.MAX_BODY_BYTES) + "\"}";
            assertError(api.send("PUT", "/api/devices/big", large), 413, "1 MiB");
            assertError(api.send("PATCH", "/api/devices/big/twin/desired", large), 413, "1 MiB");
            assertThat(emulator.device("big")).isEmpty();
        }

        @Test
        void badQueryParametersAre400() throws Exception {
            register("q-1", "thingspro", "{\"type\":\"none\"}");
            assertError(api.send("GET", "/api/devices/q-1/messages?limit=0", null), 400, "limit");
            assertError(api.send("GET", "/api/devices/q-1/messages?limit=1001", null), 400, "1000");
            assertError(api.send("GET", "/api/devices/q-1/messages?count=5", null), 400, "unknown query parameter");
            assertError(api.send("POST", "/api/devices/q-1/commands/ping?timeoutSeconds=301", null), 400, "300");
            assertError(api.send("POST", "/api/devices/q-1/commands/ping?timeoutSeconds=x", null), 400,
                    "timeoutSeconds");
        }

        @Test
        void requestsFromAnotherSitesPageAre403() throws Exception {
            HttpResponse<String> response = api.client.send(HttpRequest.newBuilder(api.uri("/api/devices/csrf"))
                    .header("Origin", "http://attacker.example")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"dialect\":\"thingspro\",\"auth\":{\"type\":\"none\"}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertError(response, 403, "another site");
            assertThat(emulator.device("csrf")).isEmpty();

            HttpResponse<String> sameOrigin = api.client.send(HttpRequest.newBuilder(api.uri("/api/devices"))
                    .header("Origin", "http://127.0.0.1:" + emulator.endpoints().httpPort()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(sameOrigin.statusCode()).isEqualTo(200);
        }
    }

    @Nested
    class DeviceState {

        @Test
        void desiredPatchesShowInTheTwinWithTheirVersion() throws Exception {
            register("twin-1", "azure", "{\"type\":\"sas\"}");
            JsonObject first = api.json("PATCH", "/api/devices/twin-1/twin/desired", "{\"interval\":5,\"mode\":\"eco\"}")
                    .getAsJsonObject();
            long version = first.get("$version").getAsLong();
            JsonObject second = api.json("PATCH", "/api/devices/twin-1/twin/desired", "{\"mode\":null}")
                    .getAsJsonObject();
            assertThat(second.get("$version").getAsLong()).isGreaterThan(version);

            JsonObject twin = api.json("GET", "/api/devices/twin-1/twin", null).getAsJsonObject();
            JsonObject desired = twin.getAsJsonObject("desired");
            assertThat(desired.get("interval").getAsInt()).isEqualTo(5);
            assertThat(desired.has("mode")).as("null removes a property").isFalse();
            assertThat(desired.get("$version").getAsLong()).isEqualTo(second.get("$version").getAsLong());
            assertThat(twin.getAsJsonObject("reported").has("$version")).isTrue();

            assertError(api.send("PATCH", "/api/devices/twin-1/twin/desired", "[1]"), 400, "object");
        }

        @Test
        void neverConnectedDeviceHasNoMessagesAndNoConnection() throws Exception {
            register("idle-1", "thingspro", "{\"type\":\"none\"}");
            assertThat(api.json("GET", "/api/devices/idle-1/messages", null).getAsJsonArray()).isEmpty();
            assertThat(api.json("GET", "/api/devices/idle-1/connection", null))
                    .isEqualTo(JsonParser.parseString("{\"connected\":false,\"since\":null,\"connects\":0}"));
        }

        @Test
        void faultsAreAcceptedAndBadOnesRefused() throws Exception {
            register("fault-1", "azure", "{\"type\":\"sas\"}");
            assertThat(api.send("POST", "/api/devices/fault-1/faults", "{\"type\":\"drop\"}").statusCode()).isEqualTo(204);
            assertThat(api.send("POST", "/api/devices/fault-1/faults", "{\"type\":\"refuse-connects\",\"seconds\":1}")
                    .statusCode()).isEqualTo(204);
            assertThat(api.send("POST", "/api/devices/fault-1/faults", "{\"type\":\"throttle-twin\",\"seconds\":1}")
                    .statusCode()).isEqualTo(204);
            assertError(api.send("POST", "/api/devices/fault-1/faults", "{\"type\":\"throttle-twin\"}"), 400,
                    "\"seconds\" must be a whole number");
            assertError(api.send("POST", "/api/devices/fault-1/faults", "{\"type\":\"melt\"}"), 400,
                    "unknown fault type 'melt'");
        }

        @Test
        void commandToAnOfflineDeviceIs404() throws Exception {
            register("offline-1", "thingspro", "{\"type\":\"none\"}");
            HttpResponse<String> response = api.send("POST", "/api/devices/offline-1/commands/ping?timeoutSeconds=2",
                    "{\"hello\":1}");
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(json(response).getAsJsonObject().get("status").getAsInt()).isEqualTo(404);
        }
    }

    /** The README's example, with a dmkit gateway as the device: commands, connection and telemetry. */
    @Test
    void connectedGatewayAnswersCommandsAndItsTelemetryIsListed() throws Exception {
        register("gateway-demo", "thingspro", "{\"type\":\"none\"}");
        CountDownLatch release = new CountDownLatch(1);
        try (DmKit dm = DmKit.open()) {
            DmSession session = dm.createSession(SessionConfig.builder("demo").cloudType("thingspro")
                    .host("localhost").port(emulator.endpoints().mqttPort()).option("security", "none")
                    .deviceId("gateway-demo").commandTimeout(Duration.ofSeconds(10)).build());
            session.setCommandHandler(request -> {
                if (request.name().equals("hang")) {
                    release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                }
                return CommandResponse.of(200, request.payloadAsString());
            });
            // the twin comes after the online status, which ThingsPro commands need
            Await.until("gateway-demo online with its twin", WAIT, () -> session.twin().isPresent());

            HttpResponse<String> ping = api.send("POST", "/api/devices/gateway-demo/commands/ping", "{\"hello\":1}");
            assertThat(ping.statusCode()).isEqualTo(200);
            assertThat(json(ping)).isEqualTo(JsonParser.parseString("{\"status\":200,\"payload\":{\"hello\":1}}"));

            HttpResponse<String> hang = api.send("POST", "/api/devices/gateway-demo/commands/hang?timeoutSeconds=1",
                    null);
            assertThat(hang.statusCode()).isEqualTo(504);
            assertThat(json(hang).getAsJsonObject().get("status").getAsInt()).isEqualTo(504);
            release.countDown();

            JsonObject connection = api.json("GET", "/api/devices/gateway-demo/connection", null).getAsJsonObject();
            assertThat(connection.get("connected").getAsBoolean()).isTrue();
            assertThat(connection.get("since").getAsString()).isNotBlank();
            assertThat(connection.get("connects").getAsLong()).isPositive();

            session.sendMessage(DmMessage.builder("{\"t\":21.5}").property("unit", "C").build())
                    .toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            JsonArray messages = Await.value("telemetry listed", WAIT, () -> {
                JsonArray listed = api.jsonUnchecked("/api/devices/gateway-demo/messages?limit=5").getAsJsonArray();
                return listed.isEmpty() ? null : listed;
            });
            JsonObject message = messages.get(messages.size() - 1).getAsJsonObject();
            assertThat(message.get("payload").getAsString()).isEqualTo("{\"t\":21.5}");
            assertThat(message.has("payloadBase64")).isFalse();
            assertThat(message.getAsJsonObject("properties").get("unit").getAsString()).isEqualTo("C");
            assertThat(message.get("time").getAsString()).endsWith("Z");
        } finally {
            release.countDown();
        }
    }

    @Test
    void pageIsServedAndLoadsNothingFromElsewhere() throws Exception {
        HttpResponse<String> page = api.send("GET", "/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("default-src 'none'", "connect-src 'self'"));
        assertThat(page.body()).contains("<title>dmkit emulator</title>", "/api/devices")
                .as("no external URL: the machine may be offline").doesNotContain("://")
                .as("device text goes in as text, never as HTML").doesNotContain("innerHTML", "outerHTML",
                        "insertAdjacentHTML", "document.write");
    }

    @Test
    void closeStopsTheServerAndItsThreads() throws Exception {
        Set<Thread> before = ThreadCheck.snapshot();
        HttpApi second = HttpApi.start(emulator, "127.0.0.1", 0);
        Api client = new Api(second.port());
        for (int i = 0; i < HttpApi.THREADS + 2; i++) {
            assertThat(client.send("GET", "/api/devices", null).statusCode()).isEqualTo(200);
        }
        second.close();
        second.close();
        // the JDK's HTTP client keeps threads of its own: only the server's count
        Await.until("the second API's threads ended", WAIT, () -> ThreadCheck.snapshot().stream()
                .filter(thread -> !before.contains(thread)).map(Thread::getName)
                .noneMatch(name -> name.startsWith("dmkit-emulator-http-") || name.startsWith("HTTP-Dispatcher")
                        || name.startsWith("idle-timeout-task")));
        assertNothingListens(second.port());
    }

    private static JsonObject register(String pathId, String dialect, String auth) throws Exception {
        HttpResponse<String> response = api.send("PUT", "/api/devices/" + pathId,
                "{\"dialect\":\"" + dialect + "\",\"auth\":" + auth + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response).getAsJsonObject();
    }

    private static void assertError(HttpResponse<String> response, int status, String messagePart) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(Response.JSON);
        JsonObject body = json(response).getAsJsonObject();
        assertThat(body.keySet()).containsExactly("error");
        assertThat(body.get("error").getAsString()).contains(messagePart);
    }

    private static void assertNothingListens(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            throw new AssertionError("port " + port + " still accepts connections");
        } catch (IOException refused) {
            // nothing listens any more
        }
    }

    private static JsonElement json(HttpResponse<String> response) {
        return JsonParser.parseString(response.body());
    }

    private static List<String> ids(JsonArray devices) {
        return devices.asList().stream().map(d -> d.getAsJsonObject().get("id").getAsString()).toList();
    }

    /** A client of one API instance. */
    static final class Api {
        final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final int port;

        Api(int port) {
            this.port = port;
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        /** @param body {@code null} for none */
        HttpResponse<String> send(String method, String path, String body) throws Exception {
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body);
            return client.send(HttpRequest.newBuilder(uri(path)).timeout(WAIT).method(method, publisher).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        /** The JSON body of a request that must succeed. */
        JsonElement json(String method, String path, String body) throws Exception {
            HttpResponse<String> response = send(method, path, body);
            assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
            return JsonParser.parseString(response.body());
        }

        JsonElement jsonUnchecked(String path) {
            try {
                return json("GET", path, null);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }
}
