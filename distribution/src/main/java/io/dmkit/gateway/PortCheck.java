package io.dmkit.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Tells the user at once when a port the gateway listens on is taken. Jetty only logs a bind failure
 * (with a stack trace) and runs without the console; HiveMQ logs one and runs without that listener.
 * Checking first gives one clear line instead. (A program could take the port between the check and
 * the bind; the log then says so.)
 */
final class PortCheck {

    private PortCheck() {
    }

    /**
     * @param port 0 (any free port) always passes
     * @throws IllegalStateException if {@code port} cannot be bound on the loopback address
     */
    static void requireFree(int port, String what, String flag) {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " on 127.0.0.1 (" + what + ") is in use: stop what uses it, "
                    + "or choose another with " + flag);
        }
    }
}
