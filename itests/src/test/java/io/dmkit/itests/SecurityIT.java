package io.dmkit.itests;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.api.ConnectionReason;
import io.dmkit.api.ConnectionState;
import io.dmkit.api.ConnectionStatus;
import io.dmkit.api.DmMessage;
import io.dmkit.api.DmSession;
import io.dmkit.api.SessionConfig;
import io.dmkit.pki.KeyKind;
import io.dmkit.pki.LocalPki;
import java.util.Map;
import org.junit.Test;

/** The ThingsPro security modes against real Mosquitto listeners: TLS-PSK, TLS, mutual TLS. */
public class SecurityIT extends OsgiTestSupport {

    private DmSession connected(String name, Map<String, Object> properties) throws Exception {
        createSession(properties);
        DmSession session = awaitSession(name);
        awaitState(session, "connected", ConnectionState::isConnected);
        assertThat(session.sendMessage(DmMessage.of("hello")).toCompletableFuture().get().status()).isZero();
        return session;
    }

    @Test
    public void tlsPskSessionConnectsWithIdentityDeviceIdAndKeyAsPsk() throws Exception {
        connected("psk", cloud.sessionProperties("psk", "gw-psk", Cloud.Listener.PSK));
        assertThat(cloud.service.awaitOnline("gw-psk", WAIT)).isTrue();
    }

    @Test
    public void tlsSessionChecksTheServerAgainstTheRootCa() throws Exception {
        connected("tls", cloud.sessionProperties("tls", "gw-tls", Cloud.Listener.TLS));
    }

    @Test
    public void mutualTlsSessionConnectsWithEveryKeyFormat() throws Exception {
        for (KeyKind kind : KeyKind.values()) {
            String device = "gw-" + kind.name().toLowerCase().replace('_', '-');
            var credentials = cloud.pki.client(device, kind);
            Map<String, Object> p = cloud.sessionProperties("mtls-" + kind.ordinal(), device, Cloud.Listener.MUTUAL_TLS);
            p.put(SessionConfig.CERT.id(), credentials.cert().toString());
            // inline PEM text works as well as a path
            p.put(SessionConfig.KEY.id(), kind.ordinal() % 2 == 0 ? credentials.key().toString() : credentials.keyPem());
            connected("mtls-" + kind.ordinal(), p);
        }
    }

    @Test
    public void wrongPskGivesBadCredentialAndTheKeyAppearsInNoLogLineOrState() throws Exception {
        String wrongKey = "ffeeddccbbaa99887766554433221100";
        try (LogCapture log = new LogCapture()) {
            Map<String, Object> p = cloud.sessionProperties("bad-psk", "gw-psk", Cloud.Listener.PSK);
            p.put(SessionConfig.KEY.id(), wrongKey);
            createSession(p);
            DmSession session = awaitSession("bad-psk");
            ConnectionState state = awaitState(session, "refused", s -> s.reason() == ConnectionReason.BAD_CREDENTIAL);
            assertThat(state.status()).isEqualTo(ConnectionStatus.DISCONNECTED_RETRYING);
            assertThat(state.detail()).contains("key").doesNotContain(wrongKey);
            assertThat(log.contains("BAD_CREDENTIAL")).as("a log line says what is wrong").isTrue();
            assertThat(log.lines()).noneMatch(l -> l.toLowerCase().contains(wrongKey));
            assertThat(session.config().toString()).doesNotContain(wrongKey);
        }
    }

    @Test
    public void serverCertificateFromAnUnknownCaIsNotTrusted() throws Exception {
        LocalPki other = LocalPki.other(cloud.dir.resolve("other-pki"));
        Map<String, Object> p = cloud.sessionProperties("untrusted", "gw-untrusted", Cloud.Listener.TLS);
        p.put(SessionConfig.ROOT_CA.id(), other.caCert().toString());
        createSession(p);
        ConnectionState state = awaitState(awaitSession("untrusted"), "refused",
                s -> s.status() == ConnectionStatus.DISCONNECTED_RETRYING);
        assertThat(state.reason()).isEqualTo(ConnectionReason.COMMUNICATION_ERROR);
        assertThat(state.detail()).contains("not trusted").contains("root.ca");
    }

    @Test
    public void clientCertificateFromAnUnknownCaIsRefusedAsBadCredential() throws Exception {
        LocalPki other = LocalPki.other(cloud.dir.resolve("rogue-pki"));
        var rogue = other.client("gw-rogue", KeyKind.EC_PKCS8);
        Map<String, Object> p = cloud.sessionProperties("rogue", "gw-rogue", Cloud.Listener.MUTUAL_TLS);
        p.put(SessionConfig.CERT.id(), rogue.cert().toString());
        p.put(SessionConfig.KEY.id(), rogue.key().toString());
        createSession(p);
        ConnectionState state = awaitState(awaitSession("rogue"), "refused",
                s -> s.reason() == ConnectionReason.BAD_CREDENTIAL);
        assertThat(state.detail()).contains("certificate");
    }
}
