package io.dmkit.service.thingspro.json;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads a JSON object from the network by the rules of spec §4.2: RFC 8259 JSON in strict UTF-8,
 * an object at the top, at most N bytes (else 413) and N levels deep, no duplicate member names,
 * and optionally no member names starting with {@code $} (reserved).
 *
 * <p>The checks run on a token stream before anything is built, with an explicit stack: a hostile
 * payload of ten thousand {@code [} costs a few tokens, not a stack overflow.
 */
public final class StrictJson {

    /** Why a payload was refused, with the status to answer: 400 or 413. */
    public static final class Rejection extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;

        public Rejection(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** Stands for an open array on the stack: arrays have no member names (ArrayDeque takes no null). */
    private static final Set<String> ARRAY = Set.of();

    private StrictJson() {
    }

    /**
     * The object in {@code payload}.
     *
     * @param maxBytes           larger payloads are refused with 413
     * @param maxDepth           the top-level object is level 1; each object or array inside adds one
     * @param allowReservedNames whether member names may start with {@code $}
     */
    public static JsonObject parseObject(byte[] payload, int maxBytes, int maxDepth, boolean allowReservedNames)
            throws Rejection {
        if (payload.length > maxBytes) {
            throw new Rejection(413, "payload is " + payload.length + " bytes; at most " + maxBytes + " are allowed");
        }
        if (payload.length == 0) {
            throw new Rejection(400, "payload is empty; a JSON object is required");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new Rejection(400, "payload is not UTF-8");
        }
        validate(text, maxDepth, allowReservedNames);
        // Valid strict JSON: Gson's own tree keeps numbers exactly as written.
        return JsonParser.parseString(text).getAsJsonObject();
    }

    private static void validate(String text, int maxDepth, boolean allowReservedNames) throws Rejection {
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        // One entry per open container: the member names seen so far (objects) or null (arrays).
        Deque<Set<String>> open = new ArrayDeque<>();
        try {
            if (reader.peek() != JsonToken.BEGIN_OBJECT) {
                throw new Rejection(400, "payload is not a JSON object");
            }
            do {
                JsonToken token = reader.peek();
                switch (token) {
                    case BEGIN_OBJECT, BEGIN_ARRAY -> {
                        if (open.size() == maxDepth) {
                            throw new Rejection(400, "payload is nested deeper than " + maxDepth + " levels");
                        }
                        if (token == JsonToken.BEGIN_OBJECT) {
                            reader.beginObject();
                            open.push(new HashSet<>());
                        } else {
                            reader.beginArray();
                            open.push(ARRAY);
                        }
                    }
                    case END_OBJECT -> {
                        reader.endObject();
                        open.pop();
                    }
                    case END_ARRAY -> {
                        reader.endArray();
                        open.pop();
                    }
                    case NAME -> {
                        String name = reader.nextName();
                        if (!allowReservedNames && name.startsWith("$")) {
                            throw new Rejection(400, "member name " + quote(name)
                                    + " starts with '$', which is reserved");
                        }
                        if (!open.peek().add(name)) {
                            throw new Rejection(400, "member name " + quote(name) + " appears twice in one object");
                        }
                    }
                    case STRING, NUMBER -> reader.nextString();
                    case BOOLEAN -> reader.nextBoolean();
                    case NULL -> reader.nextNull();
                    case END_DOCUMENT -> throw new Rejection(400, "payload is truncated JSON");
                }
            } while (!open.isEmpty());
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw new Rejection(400, "payload is not valid JSON: " + firstLine(e.getMessage()));
        }
        boolean trailing;
        try {
            trailing = reader.peek() != JsonToken.END_DOCUMENT;
        } catch (IOException e) {
            trailing = true; // strict mode reports anything after the top-level value as malformed
        }
        if (trailing) {
            throw new Rejection(400, "payload has data after the JSON object");
        }
    }

    private static String quote(String name) {
        return io.dmkit.transport.thingspro.protocol.LogSafe.quote(name);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "syntax error";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        if (line.length() > 200) {
            line = line.substring(0, 200) + "...";
        }
        // Gson quotes parts of the input (the path) in its messages: keep them from forging log lines.
        StringBuilder b = new StringBuilder(line.length());
        line.chars().forEach(c -> b.append(Character.isISOControl(c) ? '?' : (char) c));
        return b.toString();
    }

}
