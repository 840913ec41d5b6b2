package io.dmkit.transport.mqtt.proxy;

import io.dmkit.api.ConnectionReason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Opens a TCP tunnel through an HTTP proxy with {@code CONNECT host:port HTTP/1.1} (RFC 9110
 * §9.3.6), with Basic authentication when the proxy has credentials. Once the proxy answers 2xx,
 * the socket carries the bytes of the target connection (TLS, for dmkit); nothing of the proxy's
 * answer is left unread or read ahead.
 */
public final class HttpConnectTunnel {

    /** A proxy's answer (status line and headers) longer than this is not an answer. */
    static final int MAX_ANSWER_BYTES = 16 * 1024;
    /** Used when no timeout is given: a proxy that never answers must not hang a connection attempt. */
    static final int DEFAULT_TIMEOUT_MILLIS = 30_000;

    private HttpConnectTunnel() {
    }

    /**
     * Connects {@code socket} (unconnected) to the proxy and asks it for a tunnel to
     * {@code targetHost:targetPort}. Connecting and the proxy's answer may each take up to
     * {@code timeoutMillis} (0: {@value #DEFAULT_TIMEOUT_MILLIS} ms). Closing the socket from another
     * thread aborts the attempt. On failure the socket is closed.
     *
     * @throws ProxyTunnelException if the proxy cannot be reached or does not open the tunnel
     * @throws IOException if the socket was closed meanwhile
     */
    public static void open(Socket socket, HttpProxy proxy, String targetHost, int targetPort, int timeoutMillis)
            throws IOException {
        int timeout = timeoutMillis > 0 ? timeoutMillis : DEFAULT_TIMEOUT_MILLIS;
        String target = authority(targetHost, targetPort);
        try {
            try {
                socket.connect(new InetSocketAddress(proxy.host(), proxy.port()), timeout);
            } catch (SocketException | SocketTimeoutException | java.net.UnknownHostException e) {
                if (socket.isClosed() && !(e instanceof java.net.UnknownHostException)) {
                    throw e; // closed by the owner: an abandoned attempt, not a proxy problem
                }
                throw new ProxyTunnelException(ConnectionReason.NO_NETWORK, -1, "cannot reach the HTTP proxy "
                        + proxy.address() + " (" + describe(e) + "); check proxy.host, proxy.port and the network", e);
            }
            socket.setSoTimeout(timeout);
            OutputStream out = socket.getOutputStream();
            out.write(request(proxy, target).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String statusLine = readAnswer(socket.getInputStream(), proxy, target, timeout);
            int status = status(statusLine, proxy);
            if (status / 100 != 2) {
                throw refused(proxy, target, targetPort, status, statusLine);
            }
            socket.setSoTimeout(0);
        } catch (IOException | RuntimeException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a socket that failed: nothing more to do
            }
            throw e;
        }
    }

    private static String request(HttpProxy proxy, String target) {
        StringBuilder b = new StringBuilder(160).append("CONNECT ").append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(target).append("\r\n");
        Optional<String> authorization = proxy.authorization();
        authorization.ifPresent(a -> b.append("Proxy-Authorization: ").append(a).append("\r\n"));
        return b.append("\r\n").toString();
    }

    /** Reads the status line and headers up to the empty line, byte by byte so as not to read past it. */
    private static String readAnswer(InputStream in, HttpProxy proxy, String target, int timeout) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream(256);
        int matched = 0; // of "\r\n\r\n"
        try {
            while (matched < 4) {
                int c = in.read();
                if (c < 0) {
                    throw new ProxyTunnelException(ConnectionReason.COMMUNICATION_ERROR, -1, "the HTTP proxy "
                            + proxy.address() + " closed the connection instead of answering CONNECT " + target, null);
                }
                if (answer.size() >= MAX_ANSWER_BYTES) {
                    throw new ProxyTunnelException(ConnectionReason.COMMUNICATION_ERROR, -1, "the HTTP proxy "
                            + proxy.address() + " sent an answer longer than " + MAX_ANSWER_BYTES + " bytes to CONNECT",
                            null);
                }
                answer.write(c);
                matched = c == '\r' && (matched == 0 || matched == 2) || c == '\n' && (matched == 1 || matched == 3)
                        ? matched + 1 : c == '\r' ? 1 : 0;
            }
        } catch (SocketTimeoutException e) {
            throw new ProxyTunnelException(ConnectionReason.NO_NETWORK, -1, "the HTTP proxy " + proxy.address()
                    + " did not answer CONNECT " + target + " within " + timeout + " ms", e);
        }
        String text = answer.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n");
        return end < 0 ? text : text.substring(0, end);
    }

    private static int status(String statusLine, HttpProxy proxy) throws ProxyTunnelException {
        String[] parts = statusLine.split(" ", 3);
        if (parts.length >= 2 && parts[0].startsWith("HTTP/1.") && parts[1].matches("\\d{3}")) {
            return Integer.parseInt(parts[1]);
        }
        throw new ProxyTunnelException(ConnectionReason.COMMUNICATION_ERROR, -1, "the HTTP proxy " + proxy.address()
                + " did not answer in HTTP/1.x (" + printable(statusLine) + "); check proxy.host and proxy.port", null);
    }

    private static ProxyTunnelException refused(HttpProxy proxy, String target, int targetPort, int status,
            String statusLine) {
        String answered = "answered CONNECT " + target + " with '" + printable(statusLine) + "'";
        if (status == 407) {
            return new ProxyTunnelException(ConnectionReason.BAD_CREDENTIAL, status, "the HTTP proxy " + proxy.address()
                    + " wants authentication: it " + answered + (proxy.user().isPresent()
                            ? "; check proxy.user ('" + proxy.user().get() + "') and proxy.password"
                            : "; set proxy.user and proxy.password"), null);
        }
        if (status == 502 || status == 503 || status == 504) {
            return new ProxyTunnelException(ConnectionReason.NO_NETWORK, status, "the HTTP proxy " + proxy.address()
                    + " cannot reach the service: it " + answered + "; check host and that the proxy may reach it",
                    null);
        }
        return new ProxyTunnelException(ConnectionReason.COMMUNICATION_ERROR, status, "the HTTP proxy "
                + proxy.address() + " refused the tunnel: it " + answered + "; check that it allows CONNECT to port "
                + targetPort, null);
    }

    /** {@code host:port}, an IPv6 literal in brackets. */
    static String authority(String host, int port) {
        return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    /** Network input for a message: printable ASCII only, at most 80 characters. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 80));
        for (int i = 0; i < s.length() && b.length() < 80; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return s.length() > 80 ? b + "..." : b.toString();
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
