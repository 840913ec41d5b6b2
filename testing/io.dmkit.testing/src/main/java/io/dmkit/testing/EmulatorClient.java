package io.dmkit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The emulator's REST API ({@code docs/emulator.md}) for tests: each call returns the HTTP status
 * and the body as text; the test parses what it needs.
 */
public final class EmulatorClient {

    /** An HTTP answer. */
    public record Answer(int status, String body) {
    }

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(330);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String api;
    private final String base;

    public EmulatorClient(int httpPort) {
        this.api = "http://127.0.0.1:" + httpPort + "/api/";
        this.base = api + "devices/";
    }

    /**
     * A request to the emulator's provisioning services ({@code docs/emulator.md}, "Provisioning"):
     * {@code method /api/provisioning/path} with a JSON body or null.
     */
    public Answer provisioning(String method, String path, String body) {
        return request(method, api + "provisioning" + (path.isEmpty() ? "" : "/" + path), body);
    }

    /** {@code PUT /api/devices/{id}}: adds or replaces a device; the body holds its credentials. */
    public Answer registerDevice(String id, String dialect, String authType) {
        return send("PUT", encode(id), "{\"dialect\":\"" + dialect + "\",\"auth\":{\"type\":\"" + authType + "\"}}");
    }

    public Answer removeDevice(String id) {
        return send("DELETE", encode(id), null);
    }

    public Answer twin(String id) {
        return send("GET", encode(id) + "/twin", null);
    }

    public Answer patchDesired(String id, String patchJson) {
        return send("PATCH", encode(id) + "/twin/desired", patchJson);
    }

    /** {@code POST /api/devices/{id}/commands/{name}}: waits for the device's answer (or 404 / 504). */
    public Answer invoke(String id, String command, String payloadJson, int timeoutSeconds) {
        return send("POST", encode(id) + "/commands/" + encode(command) + "?timeoutSeconds=" + timeoutSeconds,
                payloadJson);
    }

    public Answer messages(String id, int limit) {
        return send("GET", encode(id) + "/messages?limit=" + limit, null);
    }

    public Answer connection(String id) {
        return send("GET", encode(id) + "/connection", null);
    }

    /** {@code POST /api/devices/{id}/faults} with e.g. {@code {"type":"drop"}}. */
    public Answer fault(String id, String faultJson) {
        return send("POST", encode(id) + "/faults", faultJson);
    }

    private Answer send(String method, String path, String body) {
        return request(method, base + path, body);
    }

    private Answer request(String method, String uri, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri)).timeout(REQUEST_TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + method + " " + uri, e);
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
