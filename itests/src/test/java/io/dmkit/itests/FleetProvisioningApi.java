package io.dmkit.itests;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The emulator's AWS fleet provisioning REST API ({@code /api/provisioning}, docs/emulator.md) for the
 * provisioner's tests: claims, templates and the registrations it answered.
 */
final class FleetProvisioningApi {

    /** A claim certificate and its key, as files the emulator wrote. */
    record Claim(String certificateFile, String privateKeyFile) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    FleetProvisioningApi(int httpPort) {
        this.base = "http://127.0.0.1:" + httpPort + "/api/provisioning/";
    }

    /** {@code POST claims}: a new claim certificate. */
    Claim createClaim(String name) {
        JsonObject claim = JsonParser.parseString(send("POST", "claims", "{\"name\":\"" + name + "\"}"))
                .getAsJsonObject();
        return new Claim(claim.get("certificateFile").getAsString(), claim.get("privateKeyFile").getAsString());
    }

    /** {@code PUT templates/{name}}: things named {@code prefix} + the SerialNumber parameter. */
    void putTemplate(String name, String thingNamePrefix, boolean allowProvisioning) {
        send("PUT", "templates/" + name, "{\"thingNamePrefix\":\"" + thingNamePrefix + "\",\"allowProvisioning\":"
                + allowProvisioning + ",\"deviceConfiguration\":{\"site\":\"bench\"}}");
    }

    /** The registrations the emulator answered with {@code template}: {@code {thingName, template, status, error}}. */
    List<JsonObject> registrations(String template) {
        JsonArray all = JsonParser.parseString(send("GET", "registrations", null)).getAsJsonArray();
        List<JsonObject> matching = new ArrayList<>();
        for (JsonElement e : all) {
            if (e.getAsJsonObject().get("template").getAsString().equals(template)) {
                matching.add(e.getAsJsonObject());
            }
        }
        return matching;
    }

    private String send(String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + base + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + method + " " + base + path, e);
        }
    }
}
