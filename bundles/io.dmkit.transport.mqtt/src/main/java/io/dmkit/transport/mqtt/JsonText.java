package io.dmkit.transport.mqtt;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Checks on JSON text that arrived from the network, made before a tree is built from it. Gson reads
 * any depth, but copies, compares, merges and prints trees recursively: a document of ten thousand
 * {@code [} (20 KB, well within every cloud's message size) overflows the stack of the thread that
 * does so, which for a transport is the MQTT client's callback thread. And a payload that is not UTF-8
 * would otherwise be decoded with replacement characters, handing on data the service never sent.
 */
public final class JsonText {

    /**
     * Deeper documents are refused. Far beyond what any cloud sends (IoT Hub twins: 10 levels, AWS
     * shadows: 6, ThingsPro: 10) and what the core accepts (64), and far below a stack's limit.
     */
    public static final int MAX_DEPTH = 64;

    private JsonText() {
    }

    /** The text, or empty if {@code bytes} are not well-formed UTF-8 (RFC 8259 JSON is UTF-8). */
    public static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether arrays and objects in {@code json} nest deeper than {@code maxDepth} ({@code {}} is one
     * level). A scan of the text that skips strings; it does not check the syntax, which the parser
     * does afterwards.
     */
    public static boolean nestedDeeperThan(String json, int maxDepth) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++; // the escaped character, a quote among them, does not end the string
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                if (++depth > maxDepth) {
                    return true;
                }
            } else if (c == ']' || c == '}') {
                depth--;
            }
        }
        return false;
    }
}
