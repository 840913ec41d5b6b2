package io.dmkit.transport.mqtt.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP relay on loopback for one connection that delivers every chunk from the server in two
 * halves with a pause between them, as a slow network does. With a client read timeout shorter
 * than the pause, a timeout strikes in the middle of a TLS record: exactly the case PskSocket
 * must survive. Its two threads end on {@link #close()}.
 */
final class SplittingRelay implements AutoCloseable {

    private final ServerSocket listener;
    private final int targetPort;
    private final Duration pause;
    private final List<Thread> threads = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();
    private volatile int splitChunks;

    SplittingRelay(int targetPort, Duration pause) throws IOException {
        this.listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        this.pause = pause;
        start("relay-accept", this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** How many server chunks were delivered in two halves so far. */
    int splitChunks() {
        return splitChunks;
    }

    private void accept() {
        try {
            Socket client = listener.accept();
            Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
            synchronized (sockets) {
                sockets.add(client);
                sockets.add(server);
            }
            start("relay-up", () -> pump(client, server, false));
            pump(server, client, true);
        } catch (IOException e) {
            // closed
        }
    }

    private void pump(Socket from, Socket to, boolean split) {
        byte[] buffer = new byte[32 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (split && n > 1) {
                    out.write(buffer, 0, n / 2);
                    out.flush();
                    Thread.sleep(pause.toMillis()); // the simulated network delay, not a wait for a result
                    out.write(buffer, n / 2, n - n / 2);
                    splitChunks++;
                } else {
                    out.write(buffer, 0, n);
                }
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // closed
        } finally {
            closeQuietly(to);
        }
    }

    private void start(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        synchronized (threads) {
            threads.add(thread);
        }
        thread.start();
    }

    @Override
    public void close() {
        closeQuietly(listener);
        synchronized (sockets) {
            sockets.forEach(SplittingRelay::closeQuietly);
        }
        List<Thread> started;
        synchronized (threads) {
            started = new ArrayList<>(threads);
        }
        for (Thread thread : started) {
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + thread.getName() + " to end", e);
            }
            if (thread.isAlive()) {
                throw new IllegalStateException(thread.getName() + " did not end");
            }
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing anyway
        }
    }
}
