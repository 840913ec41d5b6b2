package io.dmkit.emulator.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.dmkit.emulator.Emulator;
import io.dmkit.emulator.EmulatorOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/provisioning…} over real HTTP: the shapes, the errors, and an id scope that survives a restart. */
class ProvisioningResourceTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String KEY = "c2VjcmV0LWtleS1vZi1zaXh0ZWVuLWJ5dGVz";

    @TempDir
    Path dir;

    @Test
    void enrollmentsGroupsCertificatesAndFaults() throws Exception {
        String scope;
        try (Emulator emulator = Emulator.start(EmulatorOptions.forTests(dir.resolve("state")).build())) {
            int port = emulator.endpoints().httpPort();
            JsonObject info = json(send(port, "GET", "/api/provisioning", null), 200).getAsJsonObject();
            scope = info.get("idScope").getAsString();
            assertThat(scope).matches("0ne[0-9A-F]{8}");
            assertThat(info.get("globalEndpoint").getAsString())
                    .isEqualTo("localhost:" + emulator.endpoints().mqttTlsPort());

            JsonObject enrollment = json(send(port, "PUT", "/api/provisioning/enrollments/gw-1",
                    "{\"attestation\":{\"type\":\"symmetricKey\",\"symmetricKey\":{\"primaryKey\":\"" + KEY + "\"}},"
                            + "\"deviceId\":\"hub-gw-1\",\"provisioningStatus\":\"disabled\",\"payload\":{\"a\":1}}"),
                    200).getAsJsonObject();
            assertThat(enrollment.get("deviceId").getAsString()).isEqualTo("hub-gw-1");
            assertThat(enrollment.get("provisioningStatus").getAsString()).isEqualTo("disabled");
            JsonObject keys = enrollment.getAsJsonObject("attestation").getAsJsonObject("symmetricKey");
            assertThat(keys.get("primaryKey").getAsString()).isEqualTo(KEY);
            assertThat(keys.get("secondaryKey").getAsString()).isNotBlank();
            assertThat(enrollment.get("payload")).isEqualTo(JsonParser.parseString("{\"a\":1}"));
            JsonArray list = json(send(port, "GET", "/api/provisioning/enrollments", null), 200).getAsJsonArray();
            assertThat(list.get(0).getAsJsonObject().getAsJsonObject("attestation").has("symmetricKey")).isFalse();

            JsonObject x509 = json(send(port, "PUT", "/api/provisioning/enrollments/gw-2",
                    "{\"attestation\":{\"type\":\"x509\"}}"), 200).getAsJsonObject();
            assertThat(Path.of(x509.getAsJsonObject("attestation").getAsJsonObject("x509")
                    .get("certificateFile").getAsString())).exists();

            JsonObject group = json(send(port, "PUT", "/api/provisioning/groups/line-3",
                    "{\"attestation\":{\"type\":\"x509\"}}"), 200).getAsJsonObject();
            Path caKey = Path.of(group.getAsJsonObject("attestation").getAsJsonObject("x509")
                    .get("privateKeyFile").getAsString());
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(caKey)))
                    .isEqualTo("rw-------");
            JsonObject certificate = json(send(port, "POST", "/api/provisioning/groups/line-3/certificates",
                    "{\"registrationId\":\"gw-3\"}"), 200).getAsJsonObject();
            assertThat(Files.readString(Path.of(certificate.get("chainFile").getAsString())).split("BEGIN CERTIFICATE"))
                    .hasSize(3);

            error(send(port, "PUT", "/api/provisioning/groups/line-4", "{\"attestation\":{\"type\":\"tpm\"}}"), 400);
            error(send(port, "PUT", "/api/provisioning/enrollments/-bad-", "{\"attestation\":{\"type\":\"x509\"}}"),
                    400);
            error(send(port, "POST", "/api/provisioning/groups/nope/certificates", "{\"registrationId\":\"a\"}"), 404);
            assertThat(send(port, "POST", "/api/provisioning/faults", "{\"type\":\"throttle\",\"seconds\":1}")
                    .statusCode()).isEqualTo(204);
            error(send(port, "POST", "/api/provisioning/faults", "{\"type\":\"drop\"}"), 400);
            assertThat(json(send(port, "GET", "/api/provisioning/registrations", null), 200).isJsonArray()).isTrue();
            assertThat(send(port, "DELETE", "/api/provisioning/enrollments/gw-1", null).statusCode()).isEqualTo(204);
            error(send(port, "GET", "/api/provisioning/enrollments/gw-1", null), 404);
        }
        try (Emulator again = Emulator.start(EmulatorOptions.forTests(dir.resolve("state")).build())) {
            assertThat(again.provisioning().idScope()).isEqualTo(scope);
            assertThat(again.provisioning().group("line-3")).isPresent();
        }
    }

    private static HttpResponse<String> send(int port, String method, String path, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static com.google.gson.JsonElement json(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JsonParser.parseString(response.body());
    }

    private static void error(HttpResponse<String> response, int status) {
        assertThat(json(response, status).getAsJsonObject().get("error").getAsString()).isNotBlank();
    }
}
