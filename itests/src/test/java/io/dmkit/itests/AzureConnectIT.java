package io.dmkit.itests;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.dmkit.api.ConnectionReason;
import io.dmkit.api.ConnectionState;
import io.dmkit.api.ConnectionStatus;
import io.dmkit.api.DmMessage;
import io.dmkit.api.DmResult;
import io.dmkit.api.DmSession;
import io.dmkit.api.SessionConfig;
import io.dmkit.testing.Await;
import io.dmkit.testing.HttpConnectProxy;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.osgi.service.cm.Configuration;

/**
 * Every way of reaching IoT Hub, against the emulator's Azure dialect: SAS and X.509, MQTT over
 * TLS and over WebSocket, a device connection string in {@code host}, and WebSocket through an
 * HTTP CONNECT proxy with Basic authentication. Each path is proven by traffic the hub side saw.
 */
public class AzureConnectIT extends AzureTestSupport {

    @Test
    public void sasDeviceOverTlsSendsTelemetryWithContentTypeEncodingAndPropertiesInTheBag() throws Exception {
        Device device = register("az-sas-tls", "sas");
        DmSession session = connected(sasSession("sas-tls", device));
        DmResult result = session.sendMessage(DmMessage.builder("{\"t\":21.5}").property("$.ct", "application/json")
                .property("$.ce", "utf-8").property("unit", "°C").property("site", "hall 1").build())
                .toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertThat(result.status()).as(result.toString()).isZero();
        JsonObject message = hubMessages(device.id(), 10).get(0).getAsJsonObject();
        assertThat(message.get("payload").getAsString()).isEqualTo("{\"t\":21.5}");
        JsonObject properties = message.getAsJsonObject("properties");
        assertThat(properties.get("$.ct").getAsString()).isEqualTo("application/json");
        assertThat(properties.get("$.ce").getAsString()).isEqualTo("utf-8");
        assertThat(properties.get("unit").getAsString()).isEqualTo("°C");
        assertThat(properties.get("site").getAsString()).isEqualTo("hall 1");
        assertThat(message.get("topic").getAsString()).startsWith("devices/az-sas-tls/messages/events/$.ct=");
    }

    @Test
    public void sasDeviceOverWebSocketReportsAndGetsTheNewVersion() throws Exception {
        Device device = register("az-sas-ws", "sas");
        DmSession session = connected(overWebSocket(sasSession("sas-ws", device)));
        DmResult result = session.sendReported("{\"firmware\":\"1.2\"}").toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertThat(result.status()).isZero();
        assertThat(result.version()).hasValue(2);
        assertThat(hubTwin(device.id()).getAsJsonObject("reported").get("firmware").getAsString()).isEqualTo("1.2");
    }

    @Test
    public void x509DeviceConnectsOverTlsAndOverWebSocketWithItsCertificateAndKey() throws Exception {
        Device device = register("az-x509", "x509");
        Configuration tls = createSession(x509Session("x509-tls", device));
        DmSession overTls = awaitSession("x509-tls");
        awaitState(overTls, "connected over TLS", ConnectionState::isConnected);
        assertThat(overTls.sendMessage(DmMessage.of("tls")).toCompletableFuture().get(20, TimeUnit.SECONDS).status())
                .isZero();
        tls.delete();
        Await.until("the TLS session removed", WAIT, () -> sessionReferences("(dm.session.name=x509-tls)").isEmpty());

        DmSession overWs = connected(overWebSocket(x509Session("x509-ws", device)));
        assertThat(overWs.sendMessage(DmMessage.of("wss")).toCompletableFuture().get(20, TimeUnit.SECONDS).status())
                .isZero();
        assertThat(hubMessages(device.id(), 10)).extracting(m -> m.getAsJsonObject().get("payload").getAsString())
                .contains("tls", "wss");
    }

    @Test
    public void aDeviceConnectionStringIsEnough() throws Exception {
        Device device = register("az-cs", "sas");
        Map<String, Object> p = sasSession("cs", device);
        p.remove(SessionConfig.KEY.id());
        p.remove(SessionConfig.DEVICE_ID.id());
        p.remove(SessionConfig.HOST.id());
        p.put("azure.connection.string", device.connectionString()); // HostName=127.0.0.1;DeviceId=az-cs;SharedAccessKey=…
        DmSession session = connected(p);
        assertThat(session.sendReported("{\"via\":\"connection string\"}").toCompletableFuture()
                .get(20, TimeUnit.SECONDS).status()).isZero();
    }

    @Test
    public void webSocketThroughAnHttpConnectProxyWithBasicAuthentication() throws Exception {
        Device device = register("az-proxy", "sas");
        String password = "pr0xy-Pa55word";
        try (HttpConnectProxy proxy = HttpConnectProxy.withCredentials("gateway", password);
                LogCapture log = captureLogs()) {
            Map<String, Object> p = overWebSocket(sasSession("proxied", device));
            p.put("proxy.host", "127.0.0.1");
            p.put("proxy.port", proxy.port());
            p.put("proxy.user", "gateway");
            p.put("proxy.password", password);
            DmSession session = connected(p);
            assertThat(session.sendMessage(DmMessage.of("through the proxy")).toCompletableFuture()
                    .get(20, TimeUnit.SECONDS).status()).isZero();
            assertThat(proxy.tunnels()).containsOnly("localhost:" + emulator().webSocketTlsPort());
            assertThat(hubMessages(device.id(), 1).get(0).getAsJsonObject().get("payload").getAsString())
                    .isEqualTo("through the proxy");
            assertThat(session.state().detail()).doesNotContain(password);
            assertThat(log.contains("proxied: connected (AzureTransport[")).as("the log is captured").isTrue();
            assertThat(log.contains("proxy.password=***")).as("the secret option is masked by its declaration")
                    .isTrue();
            assertThat(log.lines()).noneMatch(l -> l.contains(password));
        }
    }

    @Test
    public void aProxyThatRefusesTheCredentialsIsABadCredentialNamingTheProxySettings() throws Exception {
        Device device = register("az-proxy-refused", "sas");
        try (HttpConnectProxy proxy = HttpConnectProxy.withCredentials("gateway", "right-password")) {
            Map<String, Object> p = overWebSocket(sasSession("proxy-refused", device));
            p.put("proxy.host", "127.0.0.1");
            p.put("proxy.port", proxy.port());
            p.put("proxy.user", "gateway");
            p.put("proxy.password", "wrong-password");
            createSession(p);
            ConnectionState state = awaitState(awaitSession("proxy-refused"), "refused by the proxy",
                    s -> s.reason() == ConnectionReason.BAD_CREDENTIAL);
            assertThat(state.status()).isEqualTo(ConnectionStatus.DISCONNECTED_RETRYING);
            assertThat(state.detail()).contains("407").contains("proxy.user").contains("proxy.password")
                    .doesNotContain("wrong-password");
            assertThat(proxy.refusals()).contains(407);
            assertThat(connects(device.id())).isZero();
        }
    }

    @Test
    public void aMessageOverIotHubs256KbOnceItsPropertiesAreEncodedIsRefusedLocallyWith413() throws Exception {
        Device device = register("az-big", "sas");
        DmSession session = connected(sasSession("big", device));
        // Under 256 KB as characters, over it once "°" is percent-encoded (6 bytes each) in the property bag.
        byte[] payload = new byte[256 * 1024 - 3000];
        Arrays.fill(payload, (byte) 'x');
        DmResult tooBig = session.sendMessage(DmMessage.builder(payload).property("unit", "°".repeat(1000)).build())
                .toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertThat(tooBig.status()).isEqualTo(413);
        assertThat(tooBig.detail()).contains("256 KB").contains("nothing was sent");
        DmResult fits = session.sendMessage(DmMessage.builder(payload).property("unit", "°C").build())
                .toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertThat(fits.status()).isZero();
        assertThat(hubMessages(device.id(), 10)).hasSize(1);
        assertThat(session.state().isConnected()).isTrue();
    }

    @Test
    public void anUnknownSystemPropertyIsRefusedWith400() throws Exception {
        Device device = register("az-sysprop", "sas");
        DmSession session = connected(sasSession("sysprop", device));
        DmResult result = session.sendMessage(DmMessage.builder("{}").property("$.colour", "red").build())
                .toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertThat(result.status()).isEqualTo(400);
        assertThat(result.detail()).contains("$.colour").contains("$.ct");
    }
}
