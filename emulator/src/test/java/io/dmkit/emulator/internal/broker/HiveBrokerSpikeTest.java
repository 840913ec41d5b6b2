package io.dmkit.emulator.internal.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.publish.Publish;

import io.dmkit.testing.TestPki;

class HiveBrokerSpikeTest {

    @TempDir
    Path dir;

    @Test
    void spike() throws Exception {
        TestPki pki = TestPki.openOrCreate(dir.resolve("pki"), "spike CA");
        char[] pw = "secret".toCharArray();
        KeyStores.writeKeyStore(dir.resolve("ks.p12"), pw, pki.serverPrivateKey(), pki.serverCertificate());
        KeyStores.writeTrustStore(dir.resolve("ts.p12"), pw, pki.caCertificate());
        BlockingQueue<String> seen = new ArrayBlockingQueue<>(10);
        ExtensionMain main = new ExtensionMain() {
            @Override
            public void extensionStart(ExtensionStartInput in, ExtensionStartOutput out) {
                Services.securityRegistry().setAuthenticatorProvider(i -> (SimpleAuthenticator) (a, o) -> {
                    seen.add("auth " + a.getConnectPacket().getClientId() + " cert="
                            + a.getConnectionInformation().getClientTlsInformation()
                                    .flatMap(t -> t.getClientCertificate()).isPresent()
                            + " listener=" + a.getConnectionInformation().getListener().map(l -> l.getName()).orElse("?"));
                    o.authenticateSuccessfully();
                });
                var publishService = Services.publishService();
                Services.initializerRegistry().setClientInitializer((init, ctx) -> ctx.addPublishInboundInterceptor(
                        (PublishInboundInterceptor) (pin, pout) -> {
                            String topic = pin.getPublishPacket().getTopic();
                            seen.add("pub " + topic);
                            if (topic.startsWith("$iothub/")) {
                                pout.preventPublishDelivery();
                                publishService.publishToClient(Publish.builder().topic("$iothub/twin/res/200/?$rid=1")
                                        .qos(Qos.AT_MOST_ONCE)
                                        .payload(ByteBuffer.wrap("{}".getBytes(StandardCharsets.UTF_8))).build(),
                                        pin.getClientInformation().getClientId())
                                        .whenComplete((r, e) -> seen.add("ptc " + r + " " + e));
                            }
                        }));
            }

            @Override
            public void extensionStop(ExtensionStopInput in, ExtensionStopOutput out) {
            }
        };
        int internal = free(), tls = free(), wss = free();
        long t0 = System.nanoTime();
        try (HiveBroker broker = HiveBroker.start(dir.resolve("broker"),
                new BrokerListeners("127.0.0.1", internal, 0, tls, wss, dir.resolve("ks.p12"), dir.resolve("ts.p12"), pw),
                main)) {
            System.out.println("started in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            for (String uri : new String[] {"ssl://127.0.0.1:" + tls, "wss://127.0.0.1:" + wss + "/$iothub/websocket"}) {
                MqttClient client = new MqttClient(uri, "dev1", new MemoryPersistence());
                MqttConnectOptions options = new MqttConnectOptions();
                TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
                java.security.KeyStore ts = java.security.KeyStore.getInstance("PKCS12");
                ts.load(java.nio.file.Files.newInputStream(dir.resolve("ts.p12")), pw);
                tmf.init(ts);
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, tmf.getTrustManagers(), null);
                options.setSocketFactory(ctx.getSocketFactory());
                options.setUserName("hub/dev1/?api-version=2021-04-12");
                options.setPassword("x".toCharArray());
                BlockingQueue<String> got = new ArrayBlockingQueue<>(10);
                client.connect(options);
                client.subscribe("$iothub/twin/res/#", 1, (t, m) -> got.add(t));
                client.publish("$iothub/twin/GET/?$rid=1", new byte[0], 1, false);
                System.out.println(uri + " -> " + got.poll(5, TimeUnit.SECONDS));
                client.disconnect();
                client.close();
            }
        }
        System.out.println(seen);
        assertThat(seen).isNotEmpty();
    }

    private static int free() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
