package io.dmkit.transport.mqtt.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A stand-in for an HTTP proxy in unit tests, on a real loopback socket: it reads one CONNECT
 * request per connection, records it and answers as scripted. {@link Answer#TUNNEL_TO_TLS} answers
 * 200 and then plays the target itself, a TLS server that echoes lines, so a test sees TLS work
 * through the tunnel without a second hop. One thread per connection; all end on {@link #close()}.
 */
final class ScriptedProxy implements AutoCloseable {

    enum Answer { TUNNEL_TO_TLS, RAW, SILENT }

    private final ServerSocket server;
    private final Answer answer;
    private final String raw;
    private final SSLContext tls;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private ScriptedProxy(Answer answer, String raw, SSLContext tls) throws IOException {
        this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        this.answer = answer;
        this.raw = raw;
        this.tls = tls;
        this.acceptor = new Thread(this::accept, "scripted-proxy");
        acceptor.start();
    }

    /** Answers every CONNECT with 200, then serves TLS with {@code tls}, echoing each line. */
    static ScriptedProxy tunnelingTo(SSLContext tls) throws IOException {
        return new ScriptedProxy(Answer.TUNNEL_TO_TLS, null, tls);
    }

    /** Answers every CONNECT with exactly {@code answer}, then closes. */
    static ScriptedProxy answering(String answer) throws IOException {
        return new ScriptedProxy(Answer.RAW, answer, null);
    }

    /** Reads the CONNECT and never answers. */
    static ScriptedProxy silent() throws IOException {
        return new ScriptedProxy(Answer.SILENT, null, null);
    }

    int port() {
        return server.getLocalPort();
    }

    /** The request heads received, each as text ending with the empty line. */
    List<String> requests() {
        return requests;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                Thread t = new Thread(() -> serve(s), "scripted-proxy-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            requests.add(readHead(in));
            switch (answer) {
                case RAW -> {
                    out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
                case SILENT -> in.read(); // until the client or close() ends it
                case TUNNEL_TO_TLS -> {
                    out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    echoOverTls(s);
                }
                default -> throw new IllegalStateException();
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private void echoOverTls(Socket s) throws IOException {
        try (SSLSocket server = (SSLSocket) tls.getSocketFactory().createSocket(s, null, s.getPort(), false)) {
            server.setUseClientMode(false);
            InputStream in = server.getInputStream();
            OutputStream out = server.getOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                out.write(c);
                if (c == '\n') {
                    out.flush();
                }
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            head.write(c);
            String text = head.toString(StandardCharsets.ISO_8859_1);
            if (text.endsWith("\r\n\r\n")) {
                return text;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws Exception {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
        acceptor.join(5000);
    }
}
