package io.dmkit.emulator.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /}: the one-file page that shows devices, twins, telemetry and sends patches and
 * commands through the API. Its Content-Security-Policy lets it load nothing and talk to nothing but
 * this server, so whatever a device writes into a twin cannot run in the browser.
 */
final class IndexPage {

    static final String RESOURCE = "index.html";
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'unsafe-inline'; "
            + "style-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final byte[] html;

    private IndexPage(byte[] html) {
        this.html = html;
    }

    /** Reads the page from the class path once, so a broken build fails at start, not on the first visit. */
    static IndexPage load() {
        try (InputStream in = IndexPage.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing next to " + IndexPage.class.getName());
            }
            return new IndexPage(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    Response serve(Request request) {
        request.query().allowOnly(Set.of());
        return new Response(200, "text/html; charset=utf-8", html,
                Map.of("Content-Security-Policy", CONTENT_SECURITY_POLICY, "X-Frame-Options", "DENY"));
    }
}
