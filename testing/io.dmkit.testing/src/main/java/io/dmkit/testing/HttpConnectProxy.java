package io.dmkit.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small HTTP proxy for tests, on real loopback sockets: it answers {@code CONNECT host:port},
 * checks Basic credentials when it has some (407 otherwise), connects to the target (loopback
 * only) and then copies bytes both ways. A test can {@link #freeze()} it (bytes stop flowing, the
 * sockets stay open: a dead link as a keep-alive sees it) and {@link #thaw()} it again, or hold new
 * tunnels back for a while ({@link #holdNewTunnels()}).
 *
 * <p>Threads: one accepting, two per tunnel; all end on {@link #close()}, which the test calls.
 */
public final class HttpConnectProxy implements AutoCloseable {

    private final ServerSocket server;
    private final String expectedAuthorization;
    private final Thread acceptor;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<String> tunnels = new CopyOnWriteArrayList<>();
    private final List<Integer> refusals = new CopyOnWriteArrayList<>();
    private final Object flow = new Object();
    private volatile boolean frozen;
    private volatile boolean holdingNewTunnels;

    private HttpConnectProxy(String user, String password) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.expectedAuthorization = user == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.acceptor = new Thread(this::accept, "test-http-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy that lets anyone through. */
    public static HttpConnectProxy open() throws IOException {
        return new HttpConnectProxy(null, null);
    }

    /** A proxy that wants these Basic credentials. */
    public static HttpConnectProxy withCredentials(String user, String password) throws IOException {
        return new HttpConnectProxy(user, password);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The targets of the tunnels opened so far, {@code host:port}. */
    public List<String> tunnels() {
        return List.copyOf(tunnels);
    }

    /** The statuses of the CONNECT requests refused so far. */
    public List<Integer> refusals() {
        return List.copyOf(refusals);
    }

    /** Stops moving bytes; sockets stay open. */
    public void freeze() {
        frozen = true;
    }

    /** Moves bytes again. */
    public void thaw() {
        synchronized (flow) {
            frozen = false;
            flow.notifyAll();
        }
    }

    /** New CONNECT requests wait (unanswered) until {@link #releaseNewTunnels()}: a slow way back. */
    public void holdNewTunnels() {
        holdingNewTunnels = true;
    }

    public void releaseNewTunnels() {
        synchronized (flow) {
            holdingNewTunnels = false;
            flow.notifyAll();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                start("test-http-proxy-tunnel", () -> tunnel(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void tunnel(Socket client) {
        try {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            String head = readHead(in);
            synchronized (flow) {
                while (holdingNewTunnels && !server.isClosed()) {
                    flow.wait(100);
                }
            }
            String[] requestLine = head.substring(0, head.indexOf("\r\n")).split(" ");
            if (requestLine.length != 3 || !requestLine[0].equals("CONNECT")) {
                refuse(out, 405, "Method Not Allowed");
                return;
            }
            if (expectedAuthorization != null && !head.contains("\r\nProxy-Authorization: " + expectedAuthorization
                    + "\r\n")) {
                refuse(out, 407, "Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"");
                return;
            }
            String target = requestLine[1];
            int colon = target.lastIndexOf(':');
            String host = target.substring(0, colon).toLowerCase(Locale.ROOT);
            if (!host.equals("localhost") && !host.equals("127.0.0.1")) {
                refuse(out, 403, "Forbidden");
                return;
            }
            Socket upstream = new Socket();
            sockets.add(upstream);
            try {
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        Integer.parseInt(target.substring(colon + 1))), 5000);
            } catch (IOException e) {
                refuse(out, 502, "Bad Gateway");
                return;
            }
            tunnels.add(target);
            out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            start("test-http-proxy-up", () -> pump(in, upstream, client));
            pump(upstream.getInputStream(), client, upstream);
        } catch (IOException | RuntimeException e) {
            close(client);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close(client);
        }
    }

    private void refuse(OutputStream out, int status, String reasonAndHeaders) throws IOException {
        refusals.add(status);
        out.write(("HTTP/1.1 " + status + " " + reasonAndHeaders + "\r\nContent-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Copies until either side closes, holding each chunk while frozen; then closes both. */
    private void pump(InputStream from, Socket to, Socket fromSocket) {
        byte[] buffer = new byte[16 * 1024];
        try {
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = from.read(buffer)) >= 0) {
                synchronized (flow) {
                    while (frozen && !server.isClosed()) {
                        flow.wait(100);
                    }
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // a side closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close(to);
            close(fromSocket);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && head.size() < 16 * 1024) {
            head.write(c);
            if (head.size() >= 4 && head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                break;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private void start(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        thaw();
        releaseNewTunnels();
        sockets.forEach(HttpConnectProxy::close);
        acceptor.join(5000);
        for (Thread t : threads) {
            t.join(5000);
        }
    }
}
