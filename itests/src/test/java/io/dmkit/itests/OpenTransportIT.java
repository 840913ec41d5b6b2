package io.dmkit.itests;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.api.CommandResponse;
import io.dmkit.api.ConnectionReason;
import io.dmkit.api.ConnectionState;
import io.dmkit.api.DmMessage;
import io.dmkit.api.DmSession;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.TwinUpdate;
import io.dmkit.api.handler.CommandHandler;
import io.dmkit.api.handler.TwinListener;
import io.dmkit.testing.Await;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * The open transport model: a transport bundle written against the SPI alone (module
 * {@code testing/io.dmkit.testing.transport}, cloud type {@code testcloud}), installed after its
 * session's configuration exists. The session waits for it visibly, the form shows its option, the
 * session connects and passes telemetry, the twin and a command through it, and waits again when the
 * bundle stops.
 */
public class OpenTransportIT extends OsgiTestSupport {

    private static final String PREFIX = "acme";

    @Inject
    private MetaTypeService metaType;

    @Test
    public void aTransportInstalledAfterItsSessionIsConfiguredServesItAndItsOptionShowsInTheForm() throws Exception {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(SessionConfig.NAME.id(), "open");
        p.put(SessionConfig.CLOUD_TYPE.id(), "testcloud");
        p.put(SessionConfig.HOST.id(), "127.0.0.1");
        p.put(SessionConfig.PORT.id(), cloud.broker.plainPort());
        p.put(SessionConfig.DEVICE_ID.id(), "dev-1");
        p.put(SessionConfig.RECONNECT_MIN_DELAY.id(), 100L);
        p.put(SessionConfig.RECONNECT_MAX_DELAY.id(), 1000L);
        p.put("testcloud.topic.prefix", PREFIX);
        createSession(p);
        DmSession session = awaitSession("open");
        awaitState(session, "waiting for its transport", s -> s.reason() == ConnectionReason.NO_TRANSPORT);
        assertThat(attributeIds()).doesNotContain("testcloud.topic.prefix");

        MqttClient cloudSide = new MqttClient(cloud.broker.plainUri(), "the-test-cloud", new MemoryPersistence());
        try {
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            cloudSide.connect(options);
            List<String> received = new CopyOnWriteArrayList<>();
            cloudSide.subscribe(PREFIX + "/dev-1/#", 1, (topic, m) -> received.add(topic + " "
                    + new String(m.getPayload(), StandardCharsets.UTF_8)));
            MqttMessage twin = new MqttMessage(("{\"desired\":{\"interval\":5,\"$version\":3},"
                    + "\"reported\":{\"$version\":1}}").getBytes(StandardCharsets.UTF_8));
            twin.setRetained(true);
            cloudSide.publish(PREFIX + "/dev-1/twin", twin);
            List<TwinUpdate> twins = new CopyOnWriteArrayList<>();
            register(TwinListener.class, (s, u) -> twins.add(u), Map.of(DmSession.SESSION_NAME, "open"));
            register(CommandHandler.class, req -> CommandResponse.of(200, "{\"pong\":" + req.payloadAsString() + "}"),
                    Map.of(CommandHandler.COMMAND_NAME, "ping"));

            Bundle transport = context.installBundle(new File(System.getProperty("dmkit.bundles", "target/bundles"),
                    "io.dmkit.testing.transport.jar").toURI().toString());
            try {
                transport.start();
                awaitState(session, "connected", ConnectionState::isConnected);
                AttributeDefinition prefix = attribute("testcloud.topic.prefix");
                assertThat(prefix.getName()).isEqualTo("Topic prefix (testcloud)");
                assertThat(prefix.getDefaultValue()).containsExactly("testcloud");

                assertThat(session.sendMessage(DmMessage.of("{\"t\":21.5}")).toCompletableFuture()
                        .get(10, TimeUnit.SECONDS).status()).isZero();
                Await.until("telemetry at the cloud", WAIT, () -> received.contains(PREFIX
                        + "/dev-1/telemetry {\"t\":21.5}"));

                Await.until("the twin delivered", WAIT, () -> !twins.isEmpty());
                assertThat(twins.get(0).kind()).isEqualTo(TwinUpdate.Kind.COMPLETE);
                cloudSide.publish(PREFIX + "/dev-1/desired", new MqttMessage("{\"interval\":7,\"$version\":4}"
                        .getBytes(StandardCharsets.UTF_8)));
                Await.until("the desired patch delivered", WAIT, () -> twins.stream()
                        .anyMatch(u -> u.kind() == TwinUpdate.Kind.PARTIAL && u.version() == 4));
                assertThat(session.sendReported("{\"interval\":7}").toCompletableFuture().get(10, TimeUnit.SECONDS)
                        .status()).isZero();
                Await.until("reported patch at the cloud", WAIT, () -> received.contains(PREFIX
                        + "/dev-1/reported {\"interval\":7}"));

                cloudSide.publish(PREFIX + "/dev-1/commands/ping/r-1", new MqttMessage("1"
                        .getBytes(StandardCharsets.UTF_8)));
                Await.until("the command answered", WAIT, () -> received.contains(PREFIX
                        + "/dev-1/replies/r-1/200 {\"pong\":1}"));

                transport.stop();
                awaitState(session, "waiting again once the transport stopped",
                        s -> s.reason() == ConnectionReason.NO_TRANSPORT);
                assertThat(attributeIds()).doesNotContain("testcloud.topic.prefix");
            } finally {
                transport.uninstall();
            }
        } finally {
            if (cloudSide.isConnected()) {
                cloudSide.disconnect();
            }
            cloudSide.close();
        }
    }

    private ObjectClassDefinition sessionForm() {
        Bundle core = Arrays.stream(context.getBundles()).filter(b -> b.getSymbolicName().equals("io.dmkit.core"))
                .findFirst().orElseThrow();
        return metaType.getMetaTypeInformation(core).getObjectClassDefinition(SessionConfig.FACTORY_PID, null);
    }

    private List<String> attributeIds() {
        return Arrays.stream(sessionForm().getAttributeDefinitions(ObjectClassDefinition.ALL))
                .map(AttributeDefinition::getID).toList();
    }

    private AttributeDefinition attribute(String id) {
        return Arrays.stream(sessionForm().getAttributeDefinitions(ObjectClassDefinition.ALL))
                .filter(a -> a.getID().equals(id)).findFirst().orElseThrow(() -> new AssertionError(id + " not in the "
                        + "form: " + attributeIds()));
    }
}
