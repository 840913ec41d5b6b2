package io.dmkit.emulator.internal.http;

import com.sun.net.httpserver.HttpExchange;
import io.dmkit.emulator.EmulatorException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * One request as a route sees it: the decoded path parameters, the query, and a body that is read
 * at most {@link #MAX_BODY_BYTES} far, so a client cannot make the emulator buffer more than that.
 */
final class Request {

    /** 1 MiB: larger than any twin patch or command payload a dialect accepts. */
    static final int MAX_BODY_BYTES = 1 << 20;
    /** How much of a body over the limit is read and dropped so that the client gets its 413. */
    static final long MAX_DISCARDED_BYTES = 16L << 20;

    private final HttpExchange exchange;
    private final Map<String, String> pathParameters;
    private final Query query;

    Request(HttpExchange exchange, Map<String, String> pathParameters) {
        this.exchange = exchange;
        this.pathParameters = Map.copyOf(pathParameters);
        this.query = Query.parse(exchange.getRequestURI().getRawQuery());
    }

    /** The decoded path segment the route names {@code {name}}. */
    String path(String name) {
        String value = pathParameters.get(name);
        if (value == null) {
            throw new IllegalStateException("the route has no path parameter {" + name + "}");
        }
        return value;
    }

    Query query() {
        return query;
    }

    /**
     * The body, empty if there is none. At most {@link #MAX_BODY_BYTES} (+1, to notice more) are kept.
     *
     * @throws EmulatorException 413 if it is longer than {@link #MAX_BODY_BYTES}
     */
    byte[] body() throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            if (declaredLength() <= MAX_BODY_BYTES) {
                byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
                if (body.length <= MAX_BODY_BYTES) {
                    return body;
                }
            }
            discard(in);
            throw new EmulatorException(413, "the request body is larger than " + MAX_BODY_BYTES + " bytes (1 MiB)");
        }
    }

    /**
     * Reads and drops the rest of a refused body, up to {@link #MAX_DISCARDED_BYTES}: a server that closes
     * the connection on unread data resets it, and the client loses the 413 it was about to read.
     */
    private static void discard(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long discarded = 0;
        int read;
        while (discarded < MAX_DISCARDED_BYTES && (read = in.read(buffer)) >= 0) {
            discarded += read;
        }
    }

    /** The Content-Length, or -1 when absent (chunked); the server has already refused a malformed one. */
    private long declaredLength() {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        try {
            return declared == null ? -1 : Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
