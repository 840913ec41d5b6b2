package io.dmkit.emulator.internal.aws;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.dmkit.emulator.internal.cloud.CloudLink;
import io.dmkit.testing.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A {@link CloudLink} that records what the dialect publishes, for tests without a broker. */
final class RecordingCloudLink implements CloudLink {

    /** One publish through the broker's routing. */
    record Published(String topic, byte[] payload, int qos, long messageExpirySeconds) {
        JsonObject json() {
            return JsonParser.parseString(new String(payload, StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }

    private final List<Published> published = new ArrayList<>();

    @Override
    public CompletableFuture<Boolean> publishToClient(String clientId, String topic, byte[] payload, int qos) {
        throw new AssertionError("the AWS dialect routes by topic; it never publishes to one client");
    }

    @Override
    public synchronized CompletableFuture<Void> publish(String topic, byte[] payload, int qos,
            List<Map.Entry<String, String>> userProperties, long messageExpirySeconds) {
        published.add(new Published(topic, payload.clone(), qos, messageExpirySeconds));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Boolean> disconnect(String clientId) {
        throw new AssertionError("the AWS dialect never disconnects a client itself");
    }

    synchronized List<Published> all() {
        return List.copyOf(published);
    }

    /** Waits for the first publish to {@code topic} (ending as given) and returns it. */
    Published awaitTopic(String topicEnd) {
        return Await.value("a publish to a topic ending " + topicEnd + " in " + all(), Duration.ofSeconds(5),
                () -> all().stream().filter(p -> p.topic().endsWith(topicEnd)).findFirst().orElse(null));
    }
}
