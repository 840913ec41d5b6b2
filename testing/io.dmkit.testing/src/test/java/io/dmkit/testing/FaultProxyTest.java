package io.dmkit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fault proxy over real loopback sockets, in front of a small echo server. */
class FaultProxyTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private EchoServer echo;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new EchoServer();
        proxy = FaultProxy.start(echo.port());
    }

    @AfterEach
    void stop() throws Exception {
        int port = proxy.port();
        proxy.close();
        echo.close();
        ThreadCheck.awaitNoThreadNamed(n -> n.startsWith("fault-proxy-" + port + "-"), WAIT);
        ThreadCheck.awaitNoThreadNamed(n -> n.startsWith("echo-"), WAIT);
    }

    @Test
    void passForwardsBothWaysAndCountsConnectionsAndBytes() throws IOException {
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "hello")).isEqualTo("hello");
        }
        assertThat(proxy.connectionsAccepted()).isEqualTo(1);
        assertThat(proxy.bytesUp()).isEqualTo(5);
        Await.until("echo counted down", WAIT, () -> proxy.bytesDown() == 5);
        Await.until("closed connection forgotten", WAIT, () -> proxy.openConnections() == 0);
    }

    @Test
    void resetAllResetsTheGatewaySideAndTheTargetSideAndAcceptsNewConnections() throws IOException {
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "a")).isEqualTo("a");
            proxy.resetAll();
            assertThatThrownBy(() -> {
                s.getOutputStream().write('x');
                s.getInputStream().read();
            }).isInstanceOf(SocketException.class).hasMessageContaining("reset");
        }
        Await.until("the target saw the reset", WAIT, () -> echo.failures.stream().anyMatch(m -> m.contains("reset")));
        assertThat(proxy.connectionsReset()).isEqualTo(1);
        try (Socket again = connect()) {
            assertThat(roundTrip(again, "b")).isEqualTo("b");
        }
    }

    @Test
    void blackHoleHoldsBytesAndClosesUntilPassThenDeliversThem() throws IOException {
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "before")).isEqualTo("before");
            proxy.blackHole();
            s.getOutputStream().write("held".getBytes(StandardCharsets.US_ASCII));
            s.setSoTimeout(300);
            assertThatThrownBy(() -> s.getInputStream().read()).as("nothing comes back through a black hole")
                    .isInstanceOf(SocketTimeoutException.class);
            try (Socket fresh = connect()) {
                fresh.setSoTimeout(300);
                fresh.getOutputStream().write('n');
                assertThatThrownBy(() -> fresh.getInputStream().read()).as("a new connection is held too")
                        .isInstanceOf(SocketTimeoutException.class);
            }
            assertThat(proxy.openConnections()).as("the fresh connection's close was not passed on").isEqualTo(2);
            proxy.pass();
            s.setSoTimeout((int) WAIT.toMillis());
            assertThat(read(s, 4)).isEqualTo("held");
        }
    }

    @Test
    void cutRefusesConnectsUntilPassListensAgainOnTheSamePort() throws IOException {
        Socket s = connect();
        proxy.cut();
        assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketException.class);
        s.close();
        assertThatThrownBy(this::connect).isInstanceOf(ConnectException.class);
        proxy.pass();
        try (Socket again = connect()) {
            assertThat(roundTrip(again, "back")).isEqualTo("back");
        }
    }

    @Test
    void slowDelaysEveryChunkByTheLatencyAndPacesTheThroughput() throws IOException {
        try (Socket s = connect()) {
            proxy.slow(Duration.ofMillis(200), 0);
            long start = System.nanoTime();
            assertThat(roundTrip(s, "late")).isEqualTo("late");
            long roundTripMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(roundTripMillis).as("200 ms each way").isBetween(400L, 5000L);

            proxy.slow(Duration.ZERO, 20_000);
            byte[] payload = new byte[10_000];
            start = System.nanoTime();
            s.getOutputStream().write(payload);
            s.setSoTimeout((int) WAIT.toMillis());
            readFully(s.getInputStream(), payload.length);
            long millis = (System.nanoTime() - start) / 1_000_000;
            // both directions are paced, but they overlap: the echo starts while the rest is still going up
            assertThat(millis).as("10 kB at 20 kB/s").isGreaterThanOrEqualTo(450);

            proxy.pass();
            assertThat(roundTrip(s, "fast")).isEqualTo("fast");
        }
    }

    @Test
    void closeEndsEveryThreadAndTheProxyRefusesFurtherFaults() throws IOException {
        Socket s = connect();
        roundTrip(s, "x");
        proxy.blackHole();
        proxy.close();
        s.close();
        assertThatThrownBy(proxy::pass).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        ThreadCheck.awaitNoThreadNamed(n -> n.startsWith("fault-proxy-" + proxy.port() + "-"), WAIT);
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        s.setSoTimeout((int) WAIT.toMillis()); // a read that hangs fails the test instead
        return s;
    }

    private static String roundTrip(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        s.setSoTimeout((int) WAIT.toMillis());
        return read(s, text.length());
    }

    private static String read(Socket s, int n) throws IOException {
        return new String(readFully(s.getInputStream(), n), StandardCharsets.US_ASCII);
    }

    private static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        assertThat(b).hasSize(n);
        return b;
    }

    /** Echoes every byte back; remembers how its connections failed. */
    private static final class EchoServer implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final List<String> failures = new CopyOnWriteArrayList<>();
        final List<Socket> sockets = new CopyOnWriteArrayList<>();
        final List<Thread> threads = new CopyOnWriteArrayList<>();

        EchoServer() throws IOException {
            start("echo-accept", () -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        sockets.add(s);
                        start("echo-connection", () -> echo(s));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        private void echo(Socket s) {
            try (s) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                byte[] buffer = new byte[4096];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                failures.add(String.valueOf(e.getMessage()));
            }
        }

        private void start(String name, Runnable r) {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }

        @Override
        public void close() throws Exception {
            server.close();
            for (Socket s : sockets) {
                s.close();
            }
            for (Thread t : threads) {
                t.join(5000);
            }
        }
    }
}
