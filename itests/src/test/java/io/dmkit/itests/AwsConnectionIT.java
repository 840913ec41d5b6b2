package io.dmkit.itests;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.api.ConnectionReason;
import io.dmkit.api.ConnectionState;
import io.dmkit.api.ConnectionStatus;
import io.dmkit.api.DmSession;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.TwinUpdate;
import io.dmkit.api.handler.ConnectionListener;
import io.dmkit.pki.ClientCredentials;
import io.dmkit.pki.KeyKind;
import io.dmkit.pki.LocalPki;
import io.dmkit.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.Test;

/**
 * Connecting to AWS IoT Core (the emulator's dialect): mutual TLS with the thing's certificate, and
 * the reasons a session gives when that fails or the link goes away.
 */
public class AwsConnectionIT extends AwsEmulatorSupport {

    private List<ConnectionState> states(String session) {
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        register(ConnectionListener.class, (s, st) -> states.add(st), Map.of(ConnectionListener.SESSION_NAME, session));
        return states;
    }

    private static String awsCertificateId(ClientCredentials credentials) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(credentials.certificate().getEncoded()));
    }

    private Path testDir(String name) throws Exception {
        return Files.createTempDirectory(Files.createDirectories(Cloud.testDir().resolve("aws-pki")), name);
    }

    @Test
    public void sessionConnectsOverMutualTlsWithTheThingsCertificate() throws Exception {
        Thing thing = registerThing("conn-ok");
        DmSession session = connected(sessionProperties("ok", thing));

        assertThat(session.state().reason()).isEqualTo(ConnectionReason.OK);
        Await.until("the emulator sees the thing connected", WAIT, () -> cloudConnects(thing) == 1);
    }

    @Test
    public void certificateOfAnUnknownCaIsRefusedInTheHandshakeWithALogLineNamingTheCertificate() throws Exception {
        Thing thing = registerThing("conn-foreign");
        ClientCredentials foreign = LocalPki.other(testDir("foreign")).client(thing.name(), KeyKind.EC_PKCS8);
        Map<String, Object> p = sessionProperties("foreign", thing);
        p.put(SessionConfig.CERT.id(), foreign.cert().toString());
        p.put(SessionConfig.KEY.id(), foreign.key().toString());
        try (LogCapture log = new LogCapture()) {
            createSession(p);
            ConnectionState state = awaitState(awaitSession("foreign"), "refused",
                    s -> s.reason() == ConnectionReason.BAD_CREDENTIAL);

            assertThat(state.status()).isEqualTo(ConnectionStatus.DISCONNECTED_RETRYING);
            String id = awsCertificateId(foreign);
            assertThat(state.detail()).contains("TLS handshake").contains("CN=" + thing.name()).contains(id)
                    .contains("ACTIVE");
            Await.until("a log line names the certificate to check", WAIT,
                    () -> log.lines().stream().anyMatch(l -> l.contains("BAD_CREDENTIAL") && l.contains(id)));
            String keyBody = foreign.keyPem().lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
            assertThat(log.lines()).as("the private key is in no log line").noneMatch(l -> l.contains(keyBody));
        }
    }

    @Test
    public void certificateOfAnotherThingIsNotAuthorizedAndThePolicyIsNamed() throws Exception {
        Thing thing = registerThing("conn-mine");
        Thing other = registerThing("conn-other");
        Map<String, Object> p = sessionProperties("other-cert", thing);
        p.put(SessionConfig.CERT.id(), other.cert());
        p.put(SessionConfig.KEY.id(), other.key());
        createSession(p);

        ConnectionState state = awaitState(awaitSession("other-cert"), "refused",
                s -> s.reason() == ConnectionReason.BAD_CREDENTIAL);
        assertThat(state.detail()).contains("CONNACK 0x87 not authorized").contains("CN=" + other.name())
                .contains("iot:Connect").contains("'" + thing.name() + "'");
        assertThat(cloudConnects(thing)).isZero();
    }

    @Test
    public void expiredCertificateIsAnExpiredCredential() throws Exception {
        Thing thing = registerThing("conn-expired");
        ClientCredentials expired = LocalPki.other(testDir("expired")).expiredClient(thing.name(), KeyKind.RSA_PKCS8);
        Map<String, Object> p = sessionProperties("expired", thing);
        p.put(SessionConfig.CERT.id(), expired.cert().toString());
        p.put(SessionConfig.KEY.id(), expired.key().toString());
        createSession(p);

        ConnectionState state = awaitState(awaitSession("expired"), "refused",
                s -> s.reason() == ConnectionReason.EXPIRED_CREDENTIAL);
        assertThat(state.detail()).contains("expired on").contains(awsCertificateId(expired));
    }

    @Test
    public void silentLinkIsNoticedByKeepAliveAsNoPingResponseAndTheSessionReconnects() throws Exception {
        Thing thing = registerThing("conn-ping");
        List<TwinUpdate> updates = twinUpdates("ping");
        List<ConnectionState> states = states("ping");
        try (AwsNetworkRelay relay = AwsNetworkRelay.start(emulator().mqttTlsPort())) {
            Map<String, Object> p = sessionProperties("ping", thing, relay.port());
            p.put(SessionConfig.KEEPALIVE.id(), 2);
            DmSession session = connected(p);
            awaitUpdate(updates, 1);

            relay.freeze();
            Await.until("NO_PING_RESPONSE (states " + states + ")", WAIT, () -> states.stream()
                    .anyMatch(s -> s.status() == ConnectionStatus.DISCONNECTED_RETRYING
                            && s.reason() == ConnectionReason.NO_PING_RESPONSE));

            relay.restore();
            awaitState(session, "connected again", ConnectionState::isConnected);
            assertThat(awaitUpdate(updates, 2).kind()).as("the twin is fetched again").isEqualTo(TwinUpdate.Kind.COMPLETE);
        }
    }

    @Test
    public void networkGoneIsNoNetworkWhileItLastsAndTheSessionComesBack() throws Exception {
        Thing thing = registerThing("conn-net");
        List<ConnectionState> states = states("net");
        try (AwsNetworkRelay relay = AwsNetworkRelay.start(emulator().mqttTlsPort())) {
            DmSession session = connected(sessionProperties("net", thing, relay.port()));

            relay.cut();
            Await.until("NO_NETWORK (states " + states + ")", WAIT, () -> states.stream()
                    .anyMatch(s -> s.status() == ConnectionStatus.DISCONNECTED_RETRYING
                            && s.reason() == ConnectionReason.NO_NETWORK));
            assertThat(session.state().isConnected()).isFalse();

            relay.restore();
            awaitState(session, "connected again", ConnectionState::isConnected);
            Await.until("the emulator saw the second connection", WAIT, () -> cloudConnects(thing) == 2);
        }
    }
}
