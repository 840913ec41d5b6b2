package io.dmkit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Free ports on 127.0.0.1, and whether something accepts TCP on one. */
public final class LoopbackPorts {

    private static final int PROBE_TIMEOUT_MILLIS = 200;

    private LoopbackPorts() {
    }

    /**
     * A port that was free a moment ago: bind port 0 and release it. Another process could take it
     * before the broker binds it; on a test machine that is rare, and the broker then fails to start
     * with "Address already in use" in its log, which {@link Mosquitto} reports.
     */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
        }
    }

    /** True if a TCP connection to 127.0.0.1:{@code port} is accepted now; the connection is closed at once. */
    public static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), PROBE_TIMEOUT_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
