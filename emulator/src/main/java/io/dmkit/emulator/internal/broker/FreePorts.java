package io.dmkit.emulator.internal.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks free ports for "port 0": HiveMQ needs a real port number in its configuration. Every port
 * picked stays bound until {@link #close()}, so that the ports of one broker differ: a port released
 * at once can be handed out again by the next pick, and HiveMQ then starts without the second
 * listener, logging only (the MQTT and MQTT/TLS listeners once got the same port, and every TLS client
 * met the plain listener).
 */
public final class FreePorts implements AutoCloseable {

    private final List<ServerSocket> held = new ArrayList<>();

    /**
     * {@code port} itself, or for 0 a port free on {@code bindAddress} and not picked before by this
     * instance. Another process could take it before the broker binds it, once it is released.
     */
    public int orFree(String bindAddress, int port) {
        if (port != 0) {
            return port;
        }
        try {
            ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(bindAddress));
            held.add(socket);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + bindAddress, e);
        }
    }

    /** Releases the ports picked, for the broker to bind. */
    @Override
    public void close() {
        for (ServerSocket socket : held) {
            try {
                socket.close();
            } catch (IOException e) {
                // a probe socket that never accepted anything: nothing to lose
            }
        }
        held.clear();
    }
}
