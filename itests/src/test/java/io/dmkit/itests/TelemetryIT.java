package io.dmkit.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmkit.api.ConnectionState;
import io.dmkit.api.DmMessage;
import io.dmkit.api.DmResult;
import io.dmkit.api.DmSession;
import io.dmkit.api.PayloadTooLargeException;
import io.dmkit.api.SessionConfig;
import io.dmkit.emulator.thingspro.ReceivedMessage;
import io.dmkit.testing.Await;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.Configuration;

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
    public void queuedMessagesSurviveAChangedConfigurationAndGoWithADeletedOne() throws Exception {
        Map<String, Object> properties = new LinkedHashMap<>(cloud.sessionProperties("kept", "gw-kept",
                Cloud.Listener.PLAIN));
        properties.put(SessionConfig.AUTO_CONNECT.id(), false);
        Configuration configuration = createSession(properties);
        DmSession waiting = awaitSession("kept");
        for (int i = 0; i < 3; i++) {
            waiting.sendMessage(DmMessage.of("kept" + i));
        }
        Await.until("three queued on disk", WAIT, () -> waiting.messageStats().queued() == 3);
        assertThat(waiting.messageStats().persistent()).isTrue();
        assertThat(outboxFile("kept")).exists();

        // A changed configuration replaces the session; the new one sends what the old one queued.
        properties.put(SessionConfig.AUTO_CONNECT.id(), true);
        configuration.update(new Hashtable<>(properties));
        Await.until("the queued messages at the service", WAIT, () -> cloud.service.messages("gw-kept").size() >= 3);
        assertThat(cloud.service.messages("gw-kept")).extracting(ReceivedMessage::payloadAsString)
                .containsExactly("kept0", "kept1", "kept2");

        // A deleted configuration takes its queued messages along.
        DmSession replaced = Await.value("the replacing session", WAIT, () -> {
            DmSession current = awaitSession("kept");
            return current != waiting && current.state().isConnected() ? current : null;
        });
        Await.until("the three acknowledged", WAIT, () -> replaced.messageStats().queued() == 0);
        assertThat(replaced.messageStats().sent()).isEqualTo(3);
        replaced.disconnect().toCompletableFuture().get();
        CompletionStage<DmResult> orphan = replaced.sendMessage(DmMessage.of("orphan"));
        Await.until("one queued", WAIT, () -> replaced.messageStats().queued() == 1);
        assertThat(orphan.toCompletableFuture()).as("queued, not answered").isNotDone();
        configuration.delete();
        Await.until("session removed", WAIT, () -> sessionReferences("(" + DmSession.SESSION_NAME + "=kept)").isEmpty());
        Await.until("outbox file deleted", WAIT, () -> !outboxFile("kept").exists());
    }

    private File outboxFile(String session) {
        Bundle core = Arrays.stream(context.getBundles()).filter(b -> "io.dmkit.core".equals(b.getSymbolicName()))
                .findFirst().orElseThrow();
        return core.getBundleContext().getDataFile("outbox/" + session + ".db");
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
