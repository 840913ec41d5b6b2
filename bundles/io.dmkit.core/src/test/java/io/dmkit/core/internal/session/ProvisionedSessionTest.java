package io.dmkit.core.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmkit.api.ConnectionReason;
import io.dmkit.api.ConnectionState;
import io.dmkit.api.ConnectionStatus;
import io.dmkit.api.DmSession;
import io.dmkit.api.ProvisionedIdentity;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.spi.IssuedIdentity;
import io.dmkit.api.spi.TransportException;
import io.dmkit.core.internal.outbox.Outboxes;
import io.dmkit.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Zero-touch provisioning as the core drives it, for any cloud: a fake provisioner and transport play the service. */
class ProvisionedSessionTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String SECRET = "c2VjcmV0LWRldmljZS1rZXk=";
    private static final IssuedIdentity ISSUED = new IssuedIdentity(
            Map.of("host", "assigned.example", "device.id", "dev-7", "key", SECRET),
            Map.of("assignedHub", "assigned.example", "deviceId", "dev-7"), "{\"site\":\"north\"}");

    @TempDir
    Path data;

    private final List<SessionManager> managers = new CopyOnWriteArrayList<>();
    private final FakeTransport transport = new FakeTransport("acme", List.of());
    private final FakeProvisioner provisioner = new FakeProvisioner("acme");

    @AfterEach
    void close() {
        managers.forEach(SessionManager::close);
    }

    private SessionManager manager() {
        SessionManager m = new SessionManager("test", new Outboxes(Optional.empty()),
                Optional.of(data.resolve("provisioning")));
        managers.add(m);
        m.addTransportFactory(transport);
        m.addProvisioner(provisioner);
        return m;
    }

    private static SessionConfig provisioned(String scope) {
        return SessionConfig.builder("gw").cloudType("acme").option(FakeProvisioner.SCOPE, scope)
                .reconnectDelays(Duration.ofMillis(10), Duration.ofMillis(20)).build();
    }

    private static void awaitReason(DmSession s, ConnectionReason reason) {
        Await.until(s.name() + " in " + reason, WAIT, () -> s.state().reason() == reason);
    }

    @Test
    void aSessionThatAsksForItsIdentityProvisionsThenConnectsWithTheIssuedSettings() throws Exception {
        DmSession s = manager().createSession(provisioned("s1"));
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        s.addConnectionListener((x, state) -> states.add(state));

        provisioner.next().complete(ISSUED);
        transport.acceptConnect();
        Await.until("connected", WAIT, () -> s.state().isConnected());

        assertThat(states).anySatisfy(st -> {
            assertThat(st.reason()).isEqualTo(ConnectionReason.PROVISIONING);
            assertThat(st.detail()).contains("acme DPS");
        });
        assertThat(transport.created.host()).contains("assigned.example");
        assertThat(transport.created.deviceId()).contains("dev-7");
        assertThat(transport.created.key()).contains(SECRET);
        ProvisionedIdentity shown = s.provisioned().orElseThrow();
        assertThat(shown.provisioner()).isEqualTo("acme-dps");
        assertThat(shown.details()).containsEntry("assignedHub", "assigned.example");
        assertThat(shown.payload()).contains("{\"site\":\"north\"}");
        assertThat(shown.toString() + s + s.state()).doesNotContain(SECRET);
    }

    @Test
    void theIdentityIsKeptOwnerOnlyAndTheNextStartConnectsWithoutProvisioning() throws Exception {
        SessionManager first = manager();
        DmSession s = first.createSession(provisioned("s1"));
        provisioner.next().complete(ISSUED);
        transport.acceptConnect();
        Await.until("connected", WAIT, () -> s.state().isConnected());
        Path dir = data.resolve("provisioning/gw");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("identity.json"))))
                .isEqualTo("rw-------");
        assertThat(provisioner.directory).isEqualTo(dir);
        first.close();

        DmSession again = manager().createSession(provisioned("s1"));
        transport.acceptConnect();
        Await.until("connected again", WAIT, () -> again.state().isConnected());
        assertThat(provisioner.provisions).as("no second registration").isEmpty();
        assertThat(again.provisioned().orElseThrow().details()).containsEntry("deviceId", "dev-7");
    }

    @Test
    void changedProvisioningSettingsProvisionAgain() throws Exception {
        SessionManager first = manager();
        DmSession s = first.createSession(provisioned("s1"));
        provisioner.next().complete(ISSUED);
        transport.acceptConnect();
        Await.until("connected", WAIT, () -> s.state().isConnected());
        first.close();

        manager().createSession(provisioned("s2"));
        provisioner.next().complete(ISSUED);
        transport.acceptConnect();
    }

    @Test
    void anIdentityTheServiceRefusesIsForgottenAndTheNextAttemptProvisionsAgain() throws Exception {
        DmSession s = manager().createSession(provisioned("s1"));
        provisioner.next().complete(ISSUED);
        transport.acceptConnect();
        Await.until("connected", WAIT, () -> s.state().isConnected());
        s.disconnect().toCompletableFuture().get();
        s.connect();

        transport.refuseConnect(ConnectionReason.BAD_CREDENTIAL, "not authorized (the device was deleted)");
        awaitReason(s, ConnectionReason.BAD_CREDENTIAL);
        assertThat(s.state().detail()).contains("the next attempt provisions again");
        assertThat(Files.exists(data.resolve("provisioning/gw/identity.json"))).isFalse();

        provisioner.next().complete(new IssuedIdentity(Map.of("host", "other.example", "device.id", "dev-7"),
                Map.of(), null));
        transport.acceptConnect();
        Await.until("connected to the new hub", WAIT, () -> s.state().isConnected());
        assertThat(transport.created.host()).contains("other.example");
    }

    @Test
    void aPermanentProvisioningFailureStopsRetryingAndSaysWhy() throws Exception {
        DmSession s = manager().createSession(provisioned("s1"));
        provisioner.next().completeExceptionally(new TransportException(ConnectionReason.DEVICE_DISABLED, 200,
                "acme DPS says the enrollment is disabled", null, null, true));

        awaitReason(s, ConnectionReason.DEVICE_DISABLED);
        assertThat(s.state().status()).as("not retrying").isEqualTo(ConnectionStatus.DISCONNECTED);
        assertThat(s.state().detail()).contains("enrollment is disabled");

        s.connect(); // the application may ask again
        provisioner.next().complete(ISSUED);
        transport.acceptConnect();
        Await.until("connected", WAIT, () -> s.state().isConnected());
    }

    @Test
    void theServicesRetryAfterDelaysTheNextAttemptBeyondTheBackoff() throws Exception {
        DmSession s = manager().createSession(provisioned("s1"));
        provisioner.next().completeExceptionally(new TransportException(ConnectionReason.QUOTA_EXCEEDED, 429,
                "throttled", null, Duration.ofMillis(400), false));
        long refused = System.nanoTime();
        awaitReason(s, ConnectionReason.QUOTA_EXCEEDED);

        provisioner.next().complete(ISSUED);
        assertThat(Duration.ofNanos(System.nanoTime() - refused)).as("retry-after honoured, not the 10 ms backoff")
                .isGreaterThanOrEqualTo(Duration.ofMillis(400));
        transport.acceptConnect();
        Await.until("connected", WAIT, () -> s.state().isConnected());
    }

    @Test
    void reprovisionForgetsTheIdentityReconnectsAndUsesTheNewOne() throws Exception {
        DmSession s = manager().createSession(provisioned("s1"));
        provisioner.next().complete(ISSUED);
        transport.acceptConnect();
        Await.until("connected", WAIT, () -> s.state().isConnected());

        s.reprovision();
        provisioner.next().complete(new IssuedIdentity(Map.of("host", "moved.example", "device.id", "dev-7"),
                Map.of("assignedHub", "moved.example"), null));
        transport.acceptConnect();
        Await.until("connected to the new hub", WAIT, () -> s.state().isConnected()
                && s.provisioned().map(p -> p.details().get("assignedHub")).orElse("").equals("moved.example"));
        assertThat(transport.created.host()).contains("moved.example");
        assertThat(transport.disconnects.get()).isPositive();
    }

    @Test
    void aSessionWithoutProvisioningOptionsIsNotProvisionedAndRefusesToReprovision() throws Exception {
        DmSession s = manager().createSession(SessionConfig.builder("plain").cloudType("acme").host("h").deviceId("d")
                .build());
        transport.acceptConnect();
        Await.until("connected", WAIT, () -> s.state().isConnected());

        assertThat(s.provisioned()).isEmpty();
        assertThat(provisioner.provisions).isEmpty();
        assertThatThrownBy(s::reprovision).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not provisioned");
    }

    @Test
    void aProvisionerThatArrivesAfterTheSessionProvisionsIt() throws Exception {
        SessionManager m = new SessionManager("test", new Outboxes(Optional.empty()), Optional.empty());
        managers.add(m);
        m.addTransportFactory(transport);
        DmSession s = m.createSession(provisioned("s1"));
        transport.acceptConnect(); // the fake transport needs no host
        Await.until("connected without", WAIT, () -> s.state().isConnected());

        m.addProvisioner(provisioner);
        provisioner.next().complete(ISSUED);
        transport.acceptConnect();
        Await.until("connected as provisioned", WAIT, () -> s.state().isConnected() && s.provisioned().isPresent());

        m.removeProvisioner(provisioner);
        transport.acceptConnect();
        Await.until("connected without it again", WAIT, () -> s.state().isConnected() && s.provisioned().isEmpty());
        assertThat(provisioner.clientsClosed.get()).isPositive();
    }

    @Test
    void aDamagedIdentityFileIsMovedAsideAndTheSessionProvisionsAgain() throws Exception {
        Path dir = Files.createDirectories(data.resolve("provisioning/gw"));
        Files.writeString(dir.resolve("identity.json"), "{not json", StandardCharsets.UTF_8);

        DmSession s = manager().createSession(provisioned("s1"));
        provisioner.next().complete(ISSUED);
        transport.acceptConnect();
        Await.until("connected", WAIT, () -> s.state().isConnected());
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith("identity.json.broken-")).contains("identity.json");
        }
    }
}
