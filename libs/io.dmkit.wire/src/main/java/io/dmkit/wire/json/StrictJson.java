package io.dmkit.wire.json;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import io.dmkit.wire.text.Printable;
import io.dmkit.wire.text.Utf8;
import java.io.EOFException;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * The one reader of JSON that arrived from the network, on the device side and the service side
 * alike: RFC 8259 JSON in strict UTF-8 (bytes that are not UTF-8 are refused, not replaced), one value
 * and nothing after it, no lenient syntax ({@code NaN}, single quotes, unquoted names, raw control
 * characters), no member name twice in one object (RFC 8259 leaves the meaning to the reader; two
 * readers that pick differently see different documents), and at most a given number of levels deep.
 *
 * <p>The depth is Gson's own nesting limit, checked as the text is read, before any tree is built.
 * Gson reads any depth without recursion, but trees are copied, compared, merged and printed
 * recursively: a document of ten thousand {@code [} (20 KB, within every cloud's message size) would
 * overflow the stack of the thread that does so, for a transport the MQTT client's callback thread.
 *
 * <p>Every refusal is a {@link Rejection} saying what is wrong with the "payload"; a caller that calls
 * it something else says so with {@link Rejection#messageAbout}.
 */
public final class StrictJson {

    /**
     * The nesting limit where a protocol sets none of its own. Far beyond what any cloud sends (IoT Hub
     * twins: 10 levels, AWS shadows: 6, ThingsPro: 10) and far below what a stack can take.
     */
    public static final int MAX_DEPTH = 64;

    /**
     * Why JSON was refused, with the status to answer: 413 for a payload over its size limit, else 400.
     * An {@link IllegalArgumentException}, so that code handed JSON by its caller can pass it on as one.
     */
    public static final class Rejection extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final int status;

        public Rejection(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }

        /**
         * The message with the payload called {@code subject}: "the body is not UTF-8". A message that
         * does not speak of the payload (a caller's own rejection) is returned as it is.
         */
        public String messageAbout(String subject) {
            return getMessage().startsWith(SUBJECT) ? subject + getMessage().substring(SUBJECT.length()) : getMessage();
        }
    }

    /** What every message of a {@link Rejection} begins with. */
    private static final String SUBJECT = "payload";

    /** How much of Gson's message on a syntax error a rejection shows (it quotes the path, our input). */
    private static final int MAX_SHOWN_DETAIL = 200;

    private StrictJson() {
    }

    /**
     * The object in {@code payload}.
     *
     * @param maxBytes           larger payloads are refused with 413, before they are read
     * @param maxDepth           the top-level object is level 1; each object or array inside adds one
     * @param allowReservedNames whether member names may start with {@code $}
     */
    public static JsonObject parseObject(byte[] payload, int maxBytes, int maxDepth, boolean allowReservedNames)
            throws Rejection {
        if (payload.length > maxBytes) {
            throw new Rejection(413, "payload is " + payload.length + " bytes; at most " + maxBytes + " are allowed");
        }
        String text = Utf8.decode(payload).orElseThrow(() -> new Rejection(400, "payload is not UTF-8"));
        return read(text, maxDepth, true, allowReservedNames).getAsJsonObject();
    }

    /** The object in {@code text}, any member names allowed; see {@link #parseObject(byte[], int, int, boolean)}. */
    public static JsonObject parseObject(String text, int maxDepth) throws Rejection {
        return read(text, maxDepth, true, true).getAsJsonObject();
    }

    /** The one JSON value in {@code text}, of any kind ({@code null} included); the top level is level 1. */
    public static JsonElement parseValue(String text, int maxDepth) throws Rejection {
        return read(text, maxDepth, false, true);
    }

    private static JsonElement read(String text, int maxDepth, boolean objectOnly, boolean allowReservedNames) {
        String expected = objectOnly ? "a JSON object" : "a JSON value";
        MemberNameCheckingReader reader = new MemberNameCheckingReader(text, allowReservedNames);
        reader.setStrictness(Strictness.STRICT);
        reader.setNestingLimit(maxDepth);
        JsonElement value;
        try {
            JsonToken first = reader.peek();
            if (objectOnly && first != JsonToken.BEGIN_OBJECT) {
                throw new Rejection(400, "payload is not a JSON object but " + kind(first));
            }
            value = JsonParser.parseReader(reader); // keeps STRICT (it relaxes only LEGACY_STRICT)
        } catch (EOFException e) {
            throw new Rejection(400, "payload is empty; " + expected + " is required");
        } catch (JsonParseException e) {
            throw refusal(e.getCause() != null ? e.getCause() : e, maxDepth);
        } catch (IOException | IllegalStateException e) {
            throw refusal(e, maxDepth);
        }
        boolean trailing;
        try {
            trailing = reader.peek() != JsonToken.END_DOCUMENT;
        } catch (IOException e) {
            trailing = true; // strict mode reports anything after the top-level value as malformed
        }
        if (trailing) {
            throw new Rejection(400, "payload has data after " + (objectOnly ? "the JSON object" : "the JSON value"));
        }
        return value;
    }

    private static Rejection refusal(Throwable e, int maxDepth) {
        if (e instanceof EOFException) {
            return new Rejection(400, "payload is truncated JSON");
        }
        String message = e.getMessage() == null ? "syntax error" : e.getMessage();
        // Gson's own words for its nesting limit (JsonReader.push); the tests of this class pin them.
        if (e instanceof MalformedJsonException && message.startsWith("Nesting limit ")) {
            return new Rejection(400, "payload is nested deeper than " + maxDepth + " levels");
        }
        int nl = message.indexOf('\n'); // Gson appends a link to its troubleshooting page
        return new Rejection(400, "payload is not valid JSON: "
                + Printable.text(nl < 0 ? message : message.substring(0, nl), MAX_SHOWN_DETAIL));
    }

    private static String kind(JsonToken token) {
        return switch (token) {
            case BEGIN_ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> token.toString();
        };
    }

    /**
     * Gson's reader, refusing a member name seen before in the same object and, unless allowed, a name
     * starting with {@code $}; Gson's tree would keep the last value of a repeated name silently.
     */
    private static final class MemberNameCheckingReader extends JsonReader {

        /** The names seen so far in each open object, innermost first. */
        private final Deque<Set<String>> names = new ArrayDeque<>();
        private final boolean allowReservedNames;

        MemberNameCheckingReader(String text, boolean allowReservedNames) {
            super(new StringReader(text));
            this.allowReservedNames = allowReservedNames;
        }

        @Override
        public void beginObject() throws IOException {
            super.beginObject();
            names.push(new HashSet<>());
        }

        @Override
        public void endObject() throws IOException {
            super.endObject();
            names.pop();
        }

        @Override
        public String nextName() throws IOException {
            String name = super.nextName();
            if (!allowReservedNames && name.startsWith("$")) {
                throw new Rejection(400, "payload has a member name starting with '$', which is reserved: "
                        + Printable.quote(name));
            }
            if (!names.peek().add(name)) {
                throw new Rejection(400, "payload has a member name that appears twice in one object: "
                        + Printable.quote(name));
            }
            return name;
        }
    }
}
