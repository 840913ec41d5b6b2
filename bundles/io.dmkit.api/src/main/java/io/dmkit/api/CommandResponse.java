package io.dmkit.api;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The reply to a command: an {@code int} status (HTTP status codes are the convention, as in the
 * seed API) and a payload, usually JSON, possibly empty.
 */
public final class CommandResponse {

    private static final byte[] EMPTY = new byte[0];

    private final int status;
    private final byte[] payload;

    private CommandResponse(int status, byte[] payload) {
        this.status = status;
        this.payload = payload;
    }

    /** A reply with a JSON (or other UTF-8 text) payload. */
    public static CommandResponse of(int status, String payload) {
        return new CommandResponse(status, Objects.requireNonNull(payload, "payload").getBytes(StandardCharsets.UTF_8));
    }

    /** A reply with a binary payload; the array is copied. */
    public static CommandResponse of(int status, byte[] payload) {
        return new CommandResponse(status, Objects.requireNonNull(payload, "payload").clone());
    }

    /** A reply with a status and no payload. */
    public static CommandResponse status(int status) {
        return new CommandResponse(status, EMPTY);
    }

    /**
     * A reply with a short JSON error body, {@code {"error":"<message>"}}: what dmkit itself sends
     * for unknown commands (404), failed handlers (500) and missed deadlines (504).
     */
    public static CommandResponse error(int status, String message) {
        return of(status, "{\"error\":\"" + escapeJson(message) + "\"}");
    }

    public int status() {
        return status;
    }

    /** A copy of the payload. */
    public byte[] payload() {
        return payload.clone();
    }

    /** The payload decoded as UTF-8. */
    public String payloadAsString() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    private static String escapeJson(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return "CommandResponse[status=" + status + ", " + payload.length + " bytes]";
    }
}
