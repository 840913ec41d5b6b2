package io.dmkit.itests;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.api.ConnectionReason;
import io.dmkit.api.ConnectionState;
import io.dmkit.api.ConnectionStatus;
import io.dmkit.api.DmSession;
import io.dmkit.api.SessionConfig;
import io.dmkit.testing.Await;
import io.dmkit.testing.ThreadCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.inject.Inject;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/** Sessions created, changed and deleted through ConfigAdmin, as an operator does in the Web Console. */
public class SessionConfigurationIT extends OsgiTestSupport {

    @Inject
    private MetaTypeService metaType;

    @Test
    public void sessionFromConfigurationConnectsAndReportsConnectedWithReasonOk() throws Exception {
        createSession(cloud.sessionProperties("main", "gw-1", Cloud.Listener.PLAIN));
        DmSession session = awaitSession("main");
        ConnectionState state = awaitState(session, "connected", ConnectionState::isConnected);
        assertThat(state.reason()).isEqualTo(ConnectionReason.OK);
        assertThat(cloud.service.awaitOnline("gw-1", WAIT)).as("the service sees the device online").isTrue();
        ServiceReference<DmSession> ref = sessionReferences("(dm.session.name=main)").get(0);
        assertThat(ref.getProperty(DmSession.CLOUD_TYPE)).isEqualTo("thingspro");
        assertThat(Arrays.asList(ref.getPropertyKeys())).as("no secret in service properties").doesNotContain("key");
    }

    @Test
    public void deletingTheConfigurationDisconnectsAndUnregistersTheSession() throws Exception {
        Configuration c = createSession(cloud.sessionProperties("gone", "gw-2", Cloud.Listener.PLAIN));
        DmSession session = awaitSession("gone");
        awaitState(session, "connected", ConnectionState::isConnected);
        assertThat(cloud.service.awaitOnline("gw-2", WAIT)).isTrue();
        c.delete();
        Await.until("DmSession service unregistered", WAIT, () -> sessionReferences("(dm.session.name=gone)").isEmpty());
        assertThat(cloud.service.awaitOffline("gw-2", WAIT)).as("the service sees a clean offline").isTrue();
        // A clean disconnect sends DISCONNECT, so the broker does not publish the last will.
        Await.until("DISCONNECT received by the broker", WAIT, () -> brokerLog().contains("Received DISCONNECT from gw-2"));
        assertThat(cloud.service.status("gw-2").orElseThrow().reason()).hasValue("disconnected");
        awaitState(session, "closed by the client", s -> s.reason() == ConnectionReason.CLIENT_CLOSE);
    }

    @Test
    public void changingTheConfigurationReplacesTheSession() throws Exception {
        Configuration c = createSession(cloud.sessionProperties("moving", "gw-3", Cloud.Listener.PLAIN));
        awaitState(awaitSession("moving"), "connected", ConnectionState::isConnected);
        Map<String, Object> psk = cloud.sessionProperties("moving", "gw-psk", Cloud.Listener.PSK);
        c.update(new java.util.Hashtable<>(psk));
        Await.until("device gw-psk online", WAIT, () -> cloud.service.isOnline("gw-psk"));
        assertThat(cloud.service.awaitOffline("gw-3", WAIT)).isTrue();
        DmSession replaced = awaitSession("moving");
        awaitState(replaced, "connected", ConnectionState::isConnected);
        assertThat(replaced.config().deviceId()).hasValue("gw-psk");
    }

    @Test
    public void invalidConfigurationsGiveAVisibleErrorAndBreakNothingAndAnUnknownCloudTypeWaits() throws Exception {
        Map<String, Object> noHost = cloud.sessionProperties("no-host", "gw-a", Cloud.Listener.PLAIN);
        noHost.remove(SessionConfig.HOST.id());
        Map<String, Object> badPort = cloud.sessionProperties("bad-port", "gw-b", Cloud.Listener.PLAIN);
        badPort.put(SessionConfig.PORT.id(), 70000);
        Map<String, Object> badType = cloud.sessionProperties("bad-type", "gw-c", Cloud.Listener.PLAIN);
        badType.put(SessionConfig.CLOUD_TYPE.id(), "carrier-pigeon");
        Map<String, Object> badCert = cloud.sessionProperties("bad-cert", "gw-d", Cloud.Listener.MUTUAL_TLS);
        badCert.put(SessionConfig.CERT.id(), "/nonexistent/device.pem");
        for (Map<String, Object> p : List.of(noHost, badPort, badType, badCert)) {
            createSession(p);
        }
        createSession(cloud.sessionProperties("good", "gw-e", Cloud.Listener.PLAIN));

        assertError("no-host", "host: is required");
        assertError("bad-port", "port: 70000 is out of range");
        DmSession waiting = awaitSession("bad-type");
        assertThat(errorOf("bad-type")).isEqualTo("null"); // an open cloud type is not an error: it waits
        awaitState(waiting, "waiting for its transport", st -> st.reason() == ConnectionReason.NO_TRANSPORT
                && st.detail().contains("carrier-pigeon"));
        assertError("bad-cert", "cert:");
        assertThat(errorOf("bad-cert")).contains("/nonexistent/device.pem");
        awaitState(awaitSession("good"), "connected", ConnectionState::isConnected);
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName().startsWith("io.dmkit")) {
                assertThat(b.getState()).as(b.getSymbolicName()).isEqualTo(Bundle.ACTIVE);
            }
        }
    }

    private String brokerLog() {
        try {
            return java.nio.file.Files.readString(cloud.broker.log());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void assertError(String name, String expected) {
        DmSession s = awaitSession(name);
        assertThat(errorOf(name)).startsWith(expected);
        assertThat(s.state().status()).isEqualTo(ConnectionStatus.DISCONNECTED);
        assertThat(s.state().reason()).isEqualTo(ConnectionReason.INVALID_CONFIGURATION);
        assertThat(s.state().detail()).startsWith(expected);
        assertThat(s.sendMessage(io.dmkit.api.DmMessage.of("x")).toCompletableFuture().join().status()).isEqualTo(503);
    }

    private String errorOf(String name) {
        List<ServiceReference<DmSession>> refs = sessionReferences("(dm.session.name=" + name + ")");
        return refs.isEmpty() ? null : String.valueOf(refs.get(0).getProperty(DmSession.SESSION_ERROR));
    }

    @Test
    public void metatypeDescribesTheSessionFactoryWithTheKeyAsAPassword() {
        Bundle core = Arrays.stream(context.getBundles()).filter(b -> b.getSymbolicName().equals("io.dmkit.core"))
                .findFirst().orElseThrow();
        ObjectClassDefinition ocd = metaType.getMetaTypeInformation(core).getObjectClassDefinition(
                SessionConfig.FACTORY_PID, null);
        assertThat(metaType.getMetaTypeInformation(core).getFactoryPids()).contains(SessionConfig.FACTORY_PID);
        Map<String, AttributeDefinition> attributes = new java.util.HashMap<>();
        for (AttributeDefinition ad : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)) {
            attributes.put(ad.getID(), ad);
        }
        assertThat(attributes).containsKeys("name", "cloud.type", "host", "port", "keepalive", "device.id", "key",
                "cert", "root.ca", "auto.connect");
        assertThat(attributes.get("key").getType()).isEqualTo(AttributeDefinition.PASSWORD);
        assertThat(ocd.getDescription()).contains("aws, azure, thingspro");
        // each installed transport's own options, secrets as passwords because their declarations say so
        assertThat(attributes).containsKeys("security", "topic.root", "azure.websocket", "aws.shadow.name");
        assertThat(attributes.get("azure.connection.string").getType()).isEqualTo(AttributeDefinition.PASSWORD);
        assertThat(attributes.get("proxy.password").getType()).isEqualTo(AttributeDefinition.PASSWORD);
        assertThat(attributes.get("topic.root").getName()).isEqualTo("Topic root (thingspro)");
        assertThat(attributes.get("proxy.port").validate("70000")).contains("out of range");
        assertThat(attributes.get("proxy.port").validate("8080")).isEmpty();
        assertThat(attributes.get("security").getOptionValues()).containsExactly("auto", "psk", "tls", "none");
    }

    @Test
    public void fiftySessionsCreatedAndDeletedLeaveNoThreadsBehind() throws Exception {
        // warm up: the first session starts dmkit's shared threads, which are not per session
        Configuration warm = createSession(cloud.sessionProperties("warm", "gw-warm", Cloud.Listener.PLAIN));
        awaitState(awaitSession("warm"), "connected", ConnectionState::isConnected);
        warm.delete();
        Await.until("warm-up session gone", WAIT, () -> sessionReferences("(dm.session.name=warm)").isEmpty());
        Set<Thread> baseline = ThreadCheck.snapshot();

        List<Configuration> configs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            configs.add(createSession(cloud.sessionProperties("bulk-" + i, "gw-bulk-" + i, Cloud.Listener.PLAIN)));
        }
        for (int i = 0; i < 50; i++) {
            awaitState(awaitSession("bulk-" + i), "connected", ConnectionState::isConnected);
        }
        for (Configuration c : configs) {
            c.delete();
        }
        Await.until("all 50 sessions gone", WAIT, () -> sessionReferences("(dm.session.name=bulk-*)").isEmpty());
        ThreadCheck.awaitNoNewThreads(baseline, Duration.ofSeconds(30));
        ThreadCheck.awaitNoThreadNamed(n -> n.contains("gw-bulk-"), Duration.ofSeconds(5));
    }
}
