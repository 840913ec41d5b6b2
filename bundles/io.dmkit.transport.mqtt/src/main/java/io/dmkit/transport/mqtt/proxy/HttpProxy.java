package io.dmkit.transport.mqtt.proxy;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP proxy and the Basic credentials it wants, if any. Immutable; {@link #toString()} never
 * shows the password.
 */
public final class HttpProxy {

    private final String host;
    private final int port;
    private final String user;
    private final char[] password;

    private HttpProxy(String host, int port, String user, char[] password) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /** A proxy that needs no authentication. */
    public static HttpProxy of(String host, int port) {
        return withCredentials(host, port, null, null);
    }

    /**
     * A proxy with Basic authentication when {@code user} is not null.
     *
     * @throws IllegalArgumentException if the host is empty or the port out of range
     */
    public static HttpProxy withCredentials(String host, int port, String user, char[] password) {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("the proxy host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("the proxy port " + port + " is out of range 1..65535");
        }
        if (user != null && user.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a Basic proxy user name cannot contain ':'");
        }
        return new HttpProxy(host.strip(), port, user, user == null ? null
                : password == null ? new char[0] : password.clone());
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** The user for Basic authentication, if the proxy needs one. */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /** The {@code Proxy-Authorization} header value, if credentials are set. A secret: never log it. */
    Optional<String> authorization() {
        if (user == null) {
            return Optional.empty();
        }
        byte[] userPart = (user + ":").getBytes(StandardCharsets.UTF_8);
        ByteBuffer passwordPart = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] both = new byte[userPart.length + passwordPart.remaining()];
        System.arraycopy(userPart, 0, both, 0, userPart.length);
        passwordPart.get(both, userPart.length, passwordPart.remaining());
        String value = "Basic " + Base64.getEncoder().encodeToString(both);
        Arrays.fill(both, (byte) 0);
        if (passwordPart.hasArray()) {
            Arrays.fill(passwordPart.array(), (byte) 0);
        }
        return Optional.of(value);
    }

    /** {@code host:port}, for messages. */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return "HttpProxy[" + address() + (user == null ? "" : ", user " + user + ", password ***") + "]";
    }
}
