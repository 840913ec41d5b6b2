package io.dmkit.emulator.internal.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Picks a free port for "port 0": HiveMQ needs a real port number in its configuration. */
public final class FreePorts {

    private FreePorts() {
    }

    /**
     * {@code port} itself, or for 0 a port that was free on {@code bindAddress} a moment ago. Another
     * process could take it before the broker binds it; the broker then fails to start, saying so.
     */
    public static int orFree(String bindAddress, int port) {
        if (port != 0) {
            return port;
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(bindAddress))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + bindAddress, e);
        }
    }
}
