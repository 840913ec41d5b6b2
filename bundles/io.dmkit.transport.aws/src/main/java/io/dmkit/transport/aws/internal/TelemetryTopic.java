package io.dmkit.transport.aws.internal;

import io.dmkit.wire.text.Printable;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The topic telemetry goes to: the {@code aws.telemetry.topic} template with {@code {id}} replaced by
 * the thing name, held to AWS IoT Core's rules for the topics of ordinary publishes (protocols.md §3.1):
 * at most 256 bytes and 7 slashes, no wildcards, and nothing under the reserved {@code $} space
 * ({@code $aws/} belongs to AWS's services).
 */
final class TelemetryTopic {

    static final String DEFAULT_TEMPLATE = "dt/{id}/messages";
    static final String THING_PLACEHOLDER = "{id}";
    static final int MAX_BYTES = 256;
    static final int MAX_SLASHES = 7;

    private TelemetryTopic() {
    }

    /** What is wrong with a template whatever the thing name, or empty when it is usable. */
    static Optional<String> templateProblem(String template) {
        try {
            resolve(template, "thing");
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * The topic for {@code thing}.
     *
     * @throws IllegalArgumentException saying what is wrong with the template
     */
    static String resolve(String template, String thing) {
        if (template == null || template.isBlank()) {
            throw new IllegalArgumentException("is empty; give a topic such as " + DEFAULT_TEMPLATE);
        }
        String topic = template.strip().replace(THING_PLACEHOLDER, thing);
        if (topic.startsWith("$")) {
            throw new IllegalArgumentException(Printable.quote(template) + " is in the reserved $ space ($aws/ belongs to AWS's "
                    + "services); use an ordinary topic such as " + DEFAULT_TEMPLATE);
        }
        if (topic.contains("+") || topic.contains("#")) {
            throw new IllegalArgumentException(Printable.quote(template) + " contains a wildcard (+ or #); a publish needs a "
                    + "concrete topic");
        }
        if (topic.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("contains a NUL character");
        }
        long slashes = topic.chars().filter(c -> c == '/').count();
        if (slashes > MAX_SLASHES) {
            throw new IllegalArgumentException(Printable.quote(topic) + " has " + slashes + " '/'; AWS IoT Core allows at most "
                    + MAX_SLASHES);
        }
        int bytes = topic.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException(Printable.quote(topic) + " is " + bytes + " bytes; AWS IoT Core allows at most "
                    + MAX_BYTES);
        }
        return topic;
    }
}
