package io.dmkit.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fault-injecting TCP proxy on loopback, standing in for the network between a gateway and its
 * broker: point the gateway at {@link #port()} and the proxy forwards every connection to the target
 * port on 127.0.0.1, until the test injects a fault:
 *
 * <ul>
 * <li>{@link #resetAll()}: every open connection is reset (RST, through {@code SO_LINGER 0}) on both
 * sides; new connections are accepted as before. A network that drops the connection.</li>
 * <li>{@link #blackHole()}: nothing flows any more, in either direction, and the sockets stay open: a
 * close on one side does not reach the other either. New connections are accepted and held the same
 * way. A dead link that only a keep-alive notices. Bytes are held, not dropped: after
 * {@link #pass()} they flow on, as TCP would resume after a short partition.</li>
 * <li>{@link #slow(Duration, long)}: every chunk is delivered {@code latency} after it was read, and
 * each direction is paced to {@code bytesPerSecond}. A slow, but working, link.</li>
 * <li>{@link #cut()}: every connection is reset and the port stops listening, so connecting is
 * refused. The network is gone.</li>
 * <li>{@link #pass()}: back to forwarding at full speed (listening again on the same port after a cut).</li>
 * </ul>
 *
 * <p>TLS passes through untouched. Threads: one accepts, four per connection (a reader and a writer
 * per direction, so that latency delays bytes without capping the throughput); all end on
 * {@link #close()}. The connection counts and byte counters are for the figures a test reports.
 */
public final class FaultProxy implements AutoCloseable {

    /** What the proxy does with the bytes of open connections. */
    public enum Mode { PASS, BLACK_HOLE, SLOW }

    private static final int CHUNK_BYTES = 16 * 1024;
    /** Chunks read ahead of the writer per direction: enough for full speed, small enough to push back. */
    private static final int QUEUED_CHUNKS = 64;
    /** A paced write is cut into slices of this share of a second's budget, so pacing stays smooth. */
    private static final int PACING_SLICES_PER_SECOND = 50;
    private static final long JOIN_MILLIS = 5000;
    private static final long POLL_MILLIS = 100;

    private final int targetPort;
    private final int port;
    private final Object flow = new Object();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger resets = new AtomicInteger();
    private final AtomicLong bytesUp = new AtomicLong();
    private final AtomicLong bytesDown = new AtomicLong();

    // Guarded by flow.
    private Mode mode = Mode.PASS;
    private long latencyNanos;
    private long bytesPerSecond;
    private ServerSocket listener;
    private boolean closed;

    private FaultProxy(int targetPort, ServerSocket listener) {
        this.targetPort = targetPort;
        this.listener = listener;
        this.port = listener.getLocalPort();
        startAccepting(listener);
    }

    /** A proxy on a free 127.0.0.1 port that forwards to {@code targetPort} on 127.0.0.1. */
    public static FaultProxy start(int targetPort) {
        if (targetPort < 1 || targetPort > 65535) {
            throw new IllegalArgumentException("target port out of range: " + targetPort);
        }
        return new FaultProxy(targetPort, listen(0));
    }

    /** The port the gateway connects to. */
    public int port() {
        return port;
    }

    /** The port connections are forwarded to. */
    public int targetPort() {
        return targetPort;
    }

    public Mode mode() {
        synchronized (flow) {
            return mode;
        }
    }

    /** Forwards at full speed again; bytes held by a black hole flow on; after {@link #cut()} listens again. */
    public void pass() {
        synchronized (flow) {
            requireOpen();
            mode = Mode.PASS;
            latencyNanos = 0;
            bytesPerSecond = 0;
            if (listener == null) {
                listener = listen(port);
                startAccepting(listener);
            }
            flow.notifyAll();
        }
    }

    /** Stops every byte in both directions; sockets stay open and closes are not passed on. */
    public void blackHole() {
        synchronized (flow) {
            requireOpen();
            mode = Mode.BLACK_HOLE;
            flow.notifyAll();
        }
    }

    /**
     * Delays every chunk by {@code latency} and paces each direction to {@code bytesPerSecond}
     * (0: no limit).
     */
    public void slow(Duration latency, long bytesPerSecond) {
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative() || bytesPerSecond < 0) {
            throw new IllegalArgumentException("latency and bytes per second must not be negative");
        }
        synchronized (flow) {
            requireOpen();
            mode = Mode.SLOW;
            this.latencyNanos = latency.toNanos();
            this.bytesPerSecond = bytesPerSecond;
            flow.notifyAll();
        }
    }

    /** Resets (RST) every open connection on both sides; the mode stays as it is. */
    public void resetAll() {
        for (Connection c : connections) {
            c.reset();
        }
    }

    /** Resets every connection and stops listening: connects are refused until {@link #pass()}. */
    public void cut() {
        synchronized (flow) {
            requireOpen();
            closeListener();
        }
        resetAll();
    }

    /** Connections accepted since the start. */
    public int connectionsAccepted() {
        return accepted.get();
    }

    /** Connections open now. */
    public int openConnections() {
        return connections.size();
    }

    /** Connections the proxy reset (each counted once). */
    public int connectionsReset() {
        return resets.get();
    }

    /** Bytes forwarded from the gateway to the target so far. */
    public long bytesUp() {
        return bytesUp.get();
    }

    /** Bytes forwarded from the target to the gateway so far. */
    public long bytesDown() {
        return bytesDown.get();
    }

    /** Resets every connection, stops listening and waits for every thread of the proxy to end. */
    @Override
    public void close() {
        synchronized (flow) {
            if (closed) {
                return;
            }
            closed = true;
            closeListener();
            flow.notifyAll();
        }
        resetAll();
        for (Thread t : threads) {
            try {
                t.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public String toString() {
        synchronized (flow) {
            return "FaultProxy[" + port + " -> " + targetPort + ", " + mode
                    + (listener == null ? ", not listening" : "") + ", " + connections.size() + " open, "
                    + accepted.get() + " accepted]";
        }
    }

    private boolean isProxyClosed() {
        synchronized (flow) {
            return closed;
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this FaultProxy is closed");
        }
    }

    private void closeListener() {
        if (listener != null) {
            try {
                listener.close();
            } catch (IOException e) {
                // closed already
            }
            listener = null;
        }
    }

    private static ServerSocket listen(int port) {
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
    }

    private void startAccepting(ServerSocket server) {
        start("fault-proxy-" + port + "-accept", () -> {
            while (!server.isClosed()) {
                Socket client;
                try {
                    client = server.accept();
                } catch (IOException e) {
                    return; // closed: cut() or close()
                }
                int n = accepted.incrementAndGet();
                Connection c = new Connection(n, client);
                connections.add(c);
                // cut() and close() close the listener before they reset the connections: one accepted
                // while they ran is either among those reset or sees the listener closed here.
                if (server.isClosed()) {
                    c.reset();
                    return;
                }
                start(c.name + "-up-read", c::run);
            }
        });
    }

    private void start(String name, Runnable task) {
        Thread t = new Thread(() -> {
            try {
                task.run();
            } finally {
                threads.remove(Thread.currentThread());
            }
        }, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    /**
     * Waits while the mode is {@link Mode#BLACK_HOLE}; returns false if the connection or the proxy
     * closed meanwhile.
     */
    private boolean awaitFlow(Connection c) throws InterruptedException {
        synchronized (flow) {
            while (mode == Mode.BLACK_HOLE && !closed && !c.isClosed()) {
                flow.wait(100);
            }
            return !closed && !c.isClosed();
        }
    }

    /** A chunk read from one side: its bytes (length -1: the end of the stream) and when it may be written. */
    private record Chunk(byte[] data, int length, long dueNanos) {
    }

    /** One proxied connection: the gateway's socket, the target's, and a pipe each way. */
    private final class Connection {
        final String name;
        final Socket client;
        volatile Socket upstream;
        private volatile boolean isClosed;

        Connection(int number, Socket client) {
            this.name = "fault-proxy-" + port + "-" + number;
            this.client = client;
        }

        boolean isClosed() {
            return isClosed;
        }

        /** Connects to the target (held while black-holed), then pipes both ways. */
        void run() {
            try {
                if (!awaitFlow(this)) {
                    return;
                }
                Socket target = new Socket();
                upstream = target;
                if (isClosed) {
                    closeQuietly(target);
                    return;
                }
                target.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5000);
                BlockingQueue<Chunk> up = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
                BlockingQueue<Chunk> down = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
                start(name + "-up-write", () -> write(up, target, bytesUp));
                start(name + "-down-read", () -> read(target, down));
                start(name + "-down-write", () -> write(down, client, bytesDown));
                read(client, up);
            } catch (IOException e) {
                reset(); // the target refused: the gateway sees its connection reset
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reset();
            }
        }

        private void read(Socket from, BlockingQueue<Chunk> queue) {
            try {
                InputStream in = from.getInputStream();
                while (awaitFlow(this)) {
                    byte[] buffer = new byte[CHUNK_BYTES];
                    int n = in.read(buffer);
                    long latency;
                    synchronized (flow) {
                        latency = mode == Mode.SLOW ? latencyNanos : 0;
                    }
                    if (!hand(queue, new Chunk(buffer, n, System.nanoTime() + latency)) || n < 0) {
                        return;
                    }
                }
            } catch (IOException e) {
                // reset or closed: the other threads of this connection end through reset()
                reset();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void write(BlockingQueue<Chunk> queue, Socket to, AtomicLong counter) {
            try {
                OutputStream out = to.getOutputStream();
                while (true) {
                    // polled, not taken: a writer must notice a reset even when no chunk comes any more
                    Chunk chunk = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    if (chunk == null) {
                        if (isClosed || isProxyClosed()) {
                            return;
                        }
                        continue;
                    }
                    if (!awaitFlow(this) || !awaitDue(chunk)) {
                        return;
                    }
                    if (chunk.length() < 0) {
                        close(); // the other side closed: pass the close on
                        return;
                    }
                    writePaced(out, chunk, counter);
                }
            } catch (IOException e) {
                reset();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Queues a chunk for the writer; false if the connection closed while the queue was full. */
        private boolean hand(BlockingQueue<Chunk> queue, Chunk chunk) throws InterruptedException {
            while (!queue.offer(chunk, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (isClosed || isProxyClosed()) {
                    return false;
                }
            }
            return true;
        }

        /** Waits until the chunk is due while the link is slow; false if the connection closed meanwhile. */
        private boolean awaitDue(Chunk chunk) throws InterruptedException {
            synchronized (flow) {
                while (mode == Mode.SLOW && !closed && !isClosed) {
                    long wait = chunk.dueNanos() - System.nanoTime();
                    if (wait <= 0) {
                        break;
                    }
                    TimeUnit.NANOSECONDS.timedWait(flow, wait);
                }
                return !closed && !isClosed;
            }
        }

        private void writePaced(OutputStream out, Chunk chunk, AtomicLong counter)
                throws IOException, InterruptedException {
            int offset = 0;
            while (offset < chunk.length()) {
                long rate;
                synchronized (flow) {
                    rate = mode == Mode.SLOW ? bytesPerSecond : 0;
                }
                int slice = rate == 0 ? chunk.length() - offset
                        : (int) Math.min(chunk.length() - offset, Math.max(1, rate / PACING_SLICES_PER_SECOND));
                out.write(chunk.data(), offset, slice);
                out.flush();
                offset += slice;
                counter.addAndGet(slice);
                if (rate > 0) {
                    long pause = TimeUnit.SECONDS.toNanos(slice) / rate;
                    synchronized (flow) {
                        // a timed wait rather than a sleep: pass(), cut() and close() end it early
                        long until = System.nanoTime() + pause;
                        long left;
                        while (mode == Mode.SLOW && !closed && !isClosed && (left = until - System.nanoTime()) > 0) {
                            TimeUnit.NANOSECONDS.timedWait(flow, left);
                        }
                    }
                }
            }
        }

        /** Closes both sockets with RST and ends this connection's threads. */
        void reset() {
            end(true);
        }

        /** Closes both sockets (FIN) and ends this connection's threads. */
        void close() {
            end(false);
        }

        private void end(boolean rst) {
            synchronized (this) {
                if (isClosed) {
                    return;
                }
                isClosed = true;
            }
            if (rst) {
                resets.incrementAndGet();
            }
            connections.remove(this);
            for (Socket s : Arrays.asList(client, upstream)) {
                if (s == null) {
                    continue;
                }
                if (rst) {
                    try {
                        s.setSoLinger(true, 0);
                    } catch (IOException e) {
                        // closed already
                    }
                }
                closeQuietly(s);
            }
            synchronized (flow) {
                flow.notifyAll(); // wake this connection's threads waiting for the flow
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closed already
        }
    }
}
