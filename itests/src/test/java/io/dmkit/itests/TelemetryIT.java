package io.dmkit.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmkit.api.ConnectionState;
import io.dmkit.api.DmMessage;
import io.dmkit.api.DmResult;
import io.dmkit.api.DmSession;
import io.dmkit.api.PayloadTooLargeException;
import io.dmkit.service.thingspro.ReceivedMessage;
import io.dmkit.testing.Await;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.Test;

/** Telemetry with properties and the reported-patch size limit, checked at the broker. */
public class TelemetryIT extends OsgiTestSupport {

    private DmSession connect(String device) throws Exception {
        createSession(cloud.sessionProperties("tel", device, Cloud.Listener.PLAIN));
        DmSession session = awaitSession("tel");
        awaitState(session, "connected", ConnectionState::isConnected);
        return session;
    }

    @Test
    public void messageWithPropertiesArrivesAtTheBrokerWithItsProperties() throws Exception {
        DmSession session = connect("gw-tel");
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("type", "reading");
        properties.put("unit", "°C");
        properties.put("awkward key/+#", "a&b=c d");
        DmMessage.Builder b = DmMessage.builder("{\"t\":21.5}");
        properties.forEach(b::property);
        DmResult result = session.sendMessage(b.build()).toCompletableFuture().get();
        assertThat(result.status()).isZero();
        ReceivedMessage received = Await.value("message at the service", WAIT,
                () -> cloud.service.messages("gw-tel").stream().findFirst().orElse(null));
        assertThat(received.isValid()).isTrue();
        assertThat(received.properties()).containsExactlyEntriesOf(properties);
        assertThat(received.payloadAsString()).isEqualTo("{\"t\":21.5}");
    }

    @Test
    public void messagesKeepTheirOrder() throws Exception {
        DmSession session = connect("gw-order");
        for (int i = 0; i < 200; i++) {
            session.sendMessage(DmMessage.of("m" + i));
        }
        Await.until("200 messages", WAIT, () -> cloud.service.messages("gw-order").size() >= 200);
        List<String> payloads = cloud.service.messages("gw-order").stream().map(ReceivedMessage::payloadAsString)
                .distinct().toList();
        assertThat(payloads).hasSize(200);
        for (int i = 0; i < 200; i++) {
            assertThat(payloads.get(i)).isEqualTo("m" + i);
        }
    }

    @Test
    public void reportedPatchOver8192BytesFailsAtOnceAndNothingIsPublished() throws Exception {
        DmSession session = connect("gw-big");
        Await.until("twin known", WAIT, () -> session.twin().isPresent());
        List<String> seen = new CopyOnWriteArrayList<>();
        MqttClient watcher = new MqttClient(cloud.broker.plainUri(), "watcher", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        watcher.connect(o);
        try {
            watcher.subscribe("dm/gw-big/twin/reported/+", 1,
                    (topic, m) -> seen.add(new String(m.getPayload(), StandardCharsets.UTF_8)));
            String big = "{\"blob\":\"" + "x".repeat(8193 - 11) + "\"}";
            assertThat(big.getBytes(StandardCharsets.UTF_8)).hasSize(8193);
            assertThatThrownBy(() -> session.sendReported(big)).isInstanceOf(PayloadTooLargeException.class)
                    .hasMessageContaining("8193 bytes").hasMessageContaining("8192");
            // A marker sent afterwards on the same connection arrives after anything sent before it.
            assertThat(session.sendReported("{\"marker\":1}").toCompletableFuture().get().status()).isZero();
            Await.until("marker seen at the broker", WAIT, () -> !seen.isEmpty());
            assertThat(seen).containsExactly("{\"marker\":1}");
        } finally {
            watcher.disconnect();
            watcher.close();
        }
    }

    @Test
    public void messageOverTheTransportLimitIsRefusedWith413() throws Exception {
        DmSession session = connect("gw-huge");
        DmResult r = session.sendMessage(DmMessage.builder(new byte[300 * 1024]).build()).toCompletableFuture().get();
        assertThat(r.status()).isEqualTo(413);
        assertThat(cloud.service.messages("gw-huge")).isEmpty();
    }
}
