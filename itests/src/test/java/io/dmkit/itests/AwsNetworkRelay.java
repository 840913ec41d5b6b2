package io.dmkit.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback between a gateway and the emulator, standing in for the network: it can
 * {@link #freeze()} (bytes are swallowed, sockets stay open, and a close on one side does not reach the
 * other: a dead link that only keep-alive notices),
 * {@link #cut()} (every connection closed, new ones refused: the network is gone) and
 * {@link #restore()} (the same port forwards again). TLS passes through untouched. Its threads end
 * when it is closed.
 */
final class AwsNetworkRelay implements AutoCloseable {

    private final int targetPort;
    private final int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private volatile ServerSocket listener;
    private volatile boolean frozen;

    private AwsNetworkRelay(int targetPort, ServerSocket listener) {
        this.targetPort = targetPort;
        this.listener = listener;
        this.port = listener.getLocalPort();
        accept(listener);
    }

    /** A relay on a free loopback port to {@code targetPort} on loopback. */
    static AwsNetworkRelay start(int targetPort) throws IOException {
        return new AwsNetworkRelay(targetPort, listen(0));
    }

    int port() {
        return port;
    }

    /** Swallows every byte from now on, both ways; connections stay open. */
    void freeze() {
        frozen = true;
    }

    /** Closes every connection and stops listening: connecting is refused until {@link #restore()}. */
    void cut() throws IOException {
        ServerSocket l = listener;
        listener = null;
        if (l != null) {
            l.close();
        }
        closeConnections();
    }

    /** Forwards again, listening on the same port. */
    synchronized void restore() throws IOException {
        frozen = false;
        if (listener == null) {
            listener = listen(port);
            accept(listener);
        }
    }

    @Override
    public void close() throws Exception {
        cut();
        for (Thread t : threads) {
            t.join(5000);
        }
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return s;
    }

    private void accept(ServerSocket l) {
        start("aws-relay-accept-" + port, () -> {
            while (!l.isClosed()) {
                try {
                    Socket client = l.accept();
                    Socket service = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    sockets.add(client);
                    sockets.add(service);
                    pump(client, service);
                    pump(service, client);
                } catch (IOException e) {
                    return; // closed
                }
            }
        });
    }

    private void pump(Socket from, Socket to) {
        start("aws-relay-pump-" + port, () -> {
            byte[] buffer = new byte[16 * 1024];
            try {
                // Not closed here: closing a socket's stream closes the socket, which a frozen link must not.
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (!frozen) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // one side closed: close the other below
            } finally {
                // A frozen link is dead, not closed: the other side must not learn that this one went away.
                if (!frozen) {
                    closeQuietly(from);
                    closeQuietly(to);
                }
            }
        });
    }

    private void closeConnections() {
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        sockets.clear();
    }

    private void start(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
