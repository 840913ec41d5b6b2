package io.dmkit.emulator.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/provisioning/…} over real HTTP: claims and templates, kept owner-only across a restart. */
class ProvisioningApiTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private final HttpClient client = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void claimsAndTemplatesAreCreatedListedRemovedAndSurviveARestart() throws Exception {
        Path state = dir.resolve("state");
        String kept;
        try (Emulator emulator = Emulator.start(EmulatorOptions.forTests(state).build())) {
            int port = emulator.endpoints().httpPort();
            JsonObject claim = json(send(port, "POST", "/api/provisioning/claims", "{\"name\":\"line-1\"}"), 200)
                    .getAsJsonObject();
            assertThat(claim.keySet()).contains("certificateId", "name", "certificateFile", "privateKeyFile",
                    "caCertificate", "connect");
            assertThat(claim.toString()).doesNotContain("PRIVATE KEY");
            Path key = Path.of(claim.get("privateKeyFile").getAsString());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
            String unnamed = json(send(port, "POST", "/api/provisioning/claims", null), 200).getAsJsonObject()
                    .get("certificateId").getAsString();
            assertThat(json(send(port, "POST", "/api/provisioning/claims", "{\"name\":\"a/b\"}"), 400)).isNotNull();

            assertThat(json(send(port, "DELETE", "/api/provisioning/claims/" + unnamed, null), 204)).isNull();
            assertThat(Files.exists(key)).isTrue();
            json(send(port, "DELETE", "/api/provisioning/claims/" + unnamed, null), 404);
            kept = claim.get("certificateId").getAsString();

            JsonObject template = json(send(port, "PUT", "/api/provisioning/templates/fleet",
                    "{\"thingNamePrefix\":\"gw-\",\"allowProvisioning\":false,\"deviceConfiguration\":{\"a\":\"1\"}}"),
                    200).getAsJsonObject();
            assertThat(template).isEqualTo(JsonParser.parseString("{\"name\":\"fleet\",\"thingNamePrefix\":\"gw-\","
                    + "\"thingNameParameter\":\"SerialNumber\",\"allowProvisioning\":false,"
                    + "\"deviceConfiguration\":{\"a\":\"1\"}}"));
            json(send(port, "PUT", "/api/provisioning/templates/fleet", "{\"thingNamePrefix\":1}"), 400);
            json(send(port, "PUT", "/api/provisioning/templates/fleet", "{\"thingNamePrefix\":\"\",\"x\":1}"), 400);
            json(send(port, "PUT", "/api/provisioning/templates/bad.name", "{\"thingNamePrefix\":\"\"}"), 400);
            json(send(port, "PUT", "/api/provisioning/templates/other", "{\"thingNamePrefix\":\"o-\"}"), 200);
            json(send(port, "DELETE", "/api/provisioning/templates/other", null), 204);
            json(send(port, "GET", "/api/provisioning/templates/other", null), 404);
            assertThat(json(send(port, "GET", "/api/provisioning/registrations", null), 200).getAsJsonArray()).isEmpty();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                state.resolve("provisioning").resolve("aws-claims.json")))).isEqualTo("rw-------");
        try (Emulator emulator = Emulator.start(EmulatorOptions.forTests(state).build())) {
            int port = emulator.endpoints().httpPort();
            JsonArray claims = json(send(port, "GET", "/api/provisioning/claims", null), 200).getAsJsonArray();
            assertThat(claims).hasSize(1);
            assertThat(claims.get(0).getAsJsonObject().get("certificateId").getAsString()).isEqualTo(kept);
            assertThat(json(send(port, "GET", "/api/provisioning/templates/fleet", null), 200).getAsJsonObject()
                    .get("allowProvisioning").getAsBoolean()).isFalse();
        }
    }

    private HttpResponse<String> send(int port, String method, String path, String body) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(WAIT)
                .method(method, publisher).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonElement json(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.request().method() + " " + response.uri() + ": " + response.body())
                .isEqualTo(status);
        return response.body().isEmpty() ? null : JsonParser.parseString(response.body());
    }
}
