package io.dmkit.emulator.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.dmkit.emulator.AuthKind;
import io.dmkit.emulator.Dialect;
import io.dmkit.fuzz.Parts;
import io.dmkit.wire.json.StrictJson;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * How the emulator's REST API reads a request, without the HTTP server around it: the raw path and
 * query of the URI, then the body as each resource reads it (a registration, a fault, a desired patch,
 * a command payload). Input: {@code <path?query>\0<body>}. Whatever the input, reading either succeeds
 * or fails with what the router answers 400 or 413 for ({@link Failures#toResponse}); never with
 * anything it would answer 500 for, and never with an Error. JSON text a device sent is shown as a tree
 * the API can write, or as a string.
 */
class RestRequestFuzzTest {

    @FuzzTest
    void readRequest(byte[] input) {
        List<byte[]> parts = Parts.split(input, 2);
        String uri = new String(parts.get(0), StandardCharsets.UTF_8);
        byte[] body = parts.size() > 1 ? parts.get(1) : new byte[0];
        int q = uri.indexOf('?');

        refusedAs400Or413(() -> Query.parse(q < 0 ? null : uri.substring(q + 1))
                .integer("timeoutSeconds", CommandResource.DEFAULT_TIMEOUT_SECONDS,
                        CommandResource.MIN_TIMEOUT_SECONDS, CommandResource.MAX_TIMEOUT_SECONDS));
        refusedAs400Or413(() -> PathSegments.split(q < 0 ? uri : uri.substring(0, q))
                .forEach(segment -> PathSegments.requireName("device id", segment)));
        refusedAs400Or413(() -> {
            JsonObject registration = JsonBodies.object(body);
            Dialect.parse(JsonBodies.requiredString(registration, "dialect"));
            JsonObject auth = JsonBodies.requiredObject(registration, "auth");
            AuthKind.parse(JsonBodies.requiredString(auth, "type"));
            JsonBodies.optionalString(auth, "key");
        });
        refusedAs400Or413(() -> FaultResource.fault(JsonBodies.object(body)));
        refusedAs400Or413(() -> {
            String patch = JsonBodies.object(body).toString();
            assertThat(patch).startsWith("{");
        });
        refusedAs400Or413(() -> {
            String payload = JsonBodies.optionalValue(body);
            if (payload != null) {
                assertThat(JsonBodies.optionalValue(payload.getBytes(StandardCharsets.UTF_8))).isEqualTo(payload);
            }
        });
        // what the API shows of JSON text a device sent: a tree it can write, or the text as a string
        JsonElement shown = Json.embed(new String(body, StandardCharsets.UTF_8));
        String written = Json.GSON.toJson(shown);
        assertThat(written).isNotEmpty();
        assertThat(StrictJson.parseValue(written, StrictJson.MAX_DEPTH)).isEqualTo(shown);
    }

    /** Runs one reading step; a failure must be one the API answers with 400 or 413. */
    private static void refusedAs400Or413(Step step) {
        try {
            step.run();
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            Response answer = Failures.toResponse(e, "fuzz");
            assertThat(answer.status()).as("status for %s", e.toString()).isIn(400, 413);
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }
}
