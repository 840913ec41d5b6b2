package io.dmkit.transport.mqtt.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dmkit.api.ConnectionReason;
import io.dmkit.pki.LocalPki;
import io.dmkit.transport.mqtt.tls.PemReader;
import io.dmkit.transport.mqtt.tls.TlsSocketFactories;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS through an HTTP CONNECT tunnel the way Paho uses a socket factory ({@code createSocket()},
 * {@code connect}, SSL parameters, handshake), against a scripted proxy on a real socket.
 */
class TunnelingSslSocketFactoryTest {

    private static final int TIMEOUT_MS = 5000;

    @TempDir
    static Path dir;
    static LocalPki pki;
    static SSLSocketFactory trustingPki;

    @BeforeAll
    static void pki() {
        pki = LocalPki.create(dir.resolve("pki"));
        trustingPki = TlsSocketFactories.create(PemReader.certificates("root.ca", pki.caCert().toString()), false, null);
    }

    private static SSLContext serverTls() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", pki.serverPrivateKey(), new char[0],
                new Certificate[] {pki.serverCertificate(), pki.caCertificate()});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    /** What Paho's SSL network module does with the socket. */
    private static SSLSocket connectLikePaho(SSLSocketFactory factory, String host, int port) throws IOException {
        SSLSocket socket = (SSLSocket) factory.createSocket();
        socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
        socket.setSoTimeout(TIMEOUT_MS);
        SSLParameters params = new SSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(params);
        socket.startHandshake();
        return socket;
    }

    @Test
    void tlsRunsThroughTheTunnelAndChecksTheTargetsNameNotTheProxys() throws Exception {
        try (ScriptedProxy proxy = ScriptedProxy.tunnelingTo(serverTls())) {
            SSLSocketFactory factory = new TunnelingSslSocketFactory(HttpProxy.of("127.0.0.1", proxy.port()), trustingPki);
            try (SSLSocket socket = connectLikePaho(factory, "localhost", 443)) {
                socket.getOutputStream().write("ping\n".getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8));
                assertThat(in.readLine()).isEqualTo("ping");
                assertThat(socket.getSession().getProtocol()).startsWith("TLSv1.");
            }
            assertThat(proxy.requests()).singleElement().satisfies(request -> {
                assertThat(request).startsWith("CONNECT localhost:443 HTTP/1.1\r\n");
                assertThat(request).contains("\r\nHost: localhost:443\r\n");
                assertThat(request).doesNotContain("Proxy-Authorization");
            });
        }
    }

    @Test
    void aTargetNameTheServerCertificateDoesNotHoldFailsTheHandshake() throws Exception {
        try (ScriptedProxy proxy = ScriptedProxy.tunnelingTo(serverTls())) {
            SSLSocketFactory factory = new TunnelingSslSocketFactory(HttpProxy.of("127.0.0.1", proxy.port()), trustingPki);
            assertThat(catchThrowableOfType(() -> connectLikePaho(factory, "hub.example.invalid", 443),
                    SSLHandshakeException.class)).hasMessageContaining("hub.example.invalid");
            assertThat(proxy.requests()).singleElement().asString().startsWith("CONNECT hub.example.invalid:443 ");
        }
    }

    @Test
    void basicCredentialsGoInProxyAuthorization() throws Exception {
        try (ScriptedProxy proxy = ScriptedProxy.tunnelingTo(serverTls())) {
            HttpProxy withUser = HttpProxy.withCredentials("127.0.0.1", proxy.port(), "gw", "s3cret:é".toCharArray());
            try (SSLSocket socket = connectLikePaho(new TunnelingSslSocketFactory(withUser, trustingPki), "localhost",
                    8883)) {
                assertThat(socket.isConnected()).isTrue();
            }
            String expected = Base64.getEncoder().encodeToString("gw:s3cret:é".getBytes(StandardCharsets.UTF_8));
            assertThat(proxy.requests()).singleElement().asString()
                    .contains("\r\nProxy-Authorization: Basic " + expected + "\r\n");
        }
    }

    @Test
    void proxyAuthenticationRequiredIsABadCredentialThatNamesTheUserButNotThePassword() throws Exception {
        try (ScriptedProxy proxy = ScriptedProxy.answering("HTTP/1.1 407 Proxy Authentication Required\r\n"
                + "Proxy-Authenticate: Basic realm=\"lan\"\r\n\r\n")) {
            HttpProxy withUser = HttpProxy.withCredentials("127.0.0.1", proxy.port(), "gw", "wr0ng-pass".toCharArray());
            ProxyTunnelException e = catchThrowableOfType(
                    () -> connectLikePaho(new TunnelingSslSocketFactory(withUser, trustingPki), "localhost", 443),
                    ProxyTunnelException.class);
            assertThat(e.reason()).isEqualTo(ConnectionReason.BAD_CREDENTIAL);
            assertThat(e.status()).hasValue(407);
            assertThat(e.getMessage()).contains("407").contains("proxy.user ('gw')").contains("proxy.password")
                    .doesNotContain("wr0ng-pass");
            ProxyTunnelException anonymous = catchThrowableOfType(() -> connectLikePaho(new TunnelingSslSocketFactory(
                    HttpProxy.of("127.0.0.1", proxy.port()), trustingPki), "localhost", 443), ProxyTunnelException.class);
            assertThat(anonymous.getMessage()).contains("set proxy.user and proxy.password");
        }
    }

    @Test
    void aRefusedTunnelIsACommunicationErrorAndAnUnreachableTargetNoNetwork() throws Exception {
        try (ScriptedProxy forbidden = ScriptedProxy.answering("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
                ScriptedProxy gateway = ScriptedProxy.answering("HTTP/1.0 502 Bad Gateway\r\n\r\n")) {
            ProxyTunnelException refused = tunnelFailure(HttpProxy.of("127.0.0.1", forbidden.port()));
            assertThat(refused.reason()).isEqualTo(ConnectionReason.COMMUNICATION_ERROR);
            assertThat(refused.getMessage()).contains("403 Forbidden").contains("port 443");
            ProxyTunnelException badGateway = tunnelFailure(HttpProxy.of("127.0.0.1", gateway.port()));
            assertThat(badGateway.reason()).isEqualTo(ConnectionReason.NO_NETWORK);
            assertThat(badGateway.status()).hasValue(502);
        }
    }

    @Test
    void aProxyThatIsNotThereIsNoNetwork() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        ProxyTunnelException e = tunnelFailure(HttpProxy.of("127.0.0.1", closedPort));
        assertThat(e.reason()).isEqualTo(ConnectionReason.NO_NETWORK);
        assertThat(e.getMessage()).contains("cannot reach the HTTP proxy 127.0.0.1:" + closedPort).contains("proxy.host");
    }

    @Test
    void aProxyThatDoesNotAnswerTimesOutAsNoNetwork() throws Exception {
        try (ScriptedProxy silent = ScriptedProxy.silent(); Socket socket = new Socket()) {
            ProxyTunnelException e = catchThrowableOfType(() -> HttpConnectTunnel.open(socket,
                    HttpProxy.of("127.0.0.1", silent.port()), "localhost", 443, 300), ProxyTunnelException.class);
            assertThat(e.reason()).isEqualTo(ConnectionReason.NO_NETWORK);
            assertThat(e.getMessage()).contains("did not answer").contains("300 ms");
            assertThat(socket.isClosed()).isTrue();
        }
    }

    @Test
    void somethingThatIsNotAnHttpProxyIsACommunicationError() throws Exception {
        try (ScriptedProxy mqtt = ScriptedProxy.answering("\u0020\u0002\u0000\u0005\r\n\r\n")) {
            ProxyTunnelException e = tunnelFailure(HttpProxy.of("127.0.0.1", mqtt.port()));
            assertThat(e.reason()).isEqualTo(ConnectionReason.COMMUNICATION_ERROR);
            assertThat(e.getMessage()).contains("did not answer in HTTP/1.x");
        }
    }

    @Test
    void nothingAfterTheProxysAnswerIsReadAhead() throws Exception {
        try (ScriptedProxy proxy = ScriptedProxy.answering("HTTP/1.1 200 OK\r\nVia: test\r\n\r\nFIRST-BYTES\n");
                Socket socket = new Socket()) {
            HttpConnectTunnel.open(socket, HttpProxy.of("127.0.0.1", proxy.port()), "localhost", 443, TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            assertThat(in.readLine()).isEqualTo("FIRST-BYTES");
        }
    }

    @Test
    void closingTheSocketWhileItConnectsAbortsTheAttempt() throws Exception {
        try (ScriptedProxy silent = ScriptedProxy.silent()) {
            SSLSocket socket = (SSLSocket) new TunnelingSslSocketFactory(HttpProxy.of("127.0.0.1", silent.port()),
                    trustingPki).createSocket();
            CompletableFuture<Throwable> attempt = CompletableFuture.supplyAsync(() -> {
                try {
                    socket.connect(new InetSocketAddress("localhost", 443), 60_000);
                    return null;
                } catch (IOException e) {
                    return e;
                }
            });
            // wait until the proxy has the request, then close from this thread
            io.dmkit.testing.Await.until("CONNECT sent", java.time.Duration.ofSeconds(5),
                    () -> !silent.requests().isEmpty());
            socket.close();
            assertThat(attempt.get(5, TimeUnit.SECONDS)).isInstanceOf(IOException.class)
                    .isNotInstanceOf(ProxyTunnelException.class);
            assertThat(socket.isClosed()).isTrue();
        }
    }

    @Test
    void toStringShowsTheProxyAndUserButNeverThePassword() {
        HttpProxy proxy = HttpProxy.withCredentials("proxy.lan", 3128, "gw", "hunter2".toCharArray());
        assertThat(proxy.toString()).contains("proxy.lan:3128").contains("gw").doesNotContain("hunter2");
        assertThat(new TunnelingSslSocketFactory(proxy, trustingPki).createSocket().toString())
                .doesNotContain("hunter2");
    }

    private static ProxyTunnelException tunnelFailure(HttpProxy proxy) {
        return catchThrowableOfType(() -> connectLikePaho(new TunnelingSslSocketFactory(proxy, trustingPki),
                "localhost", 443), ProxyTunnelException.class);
    }
}
