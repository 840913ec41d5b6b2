package io.dmkit.itests;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.api.ConnectionReason;
import io.dmkit.api.ConnectionState;
import io.dmkit.api.ConnectionStatus;
import io.dmkit.api.DmSession;
import io.dmkit.api.SessionConfig;
import io.dmkit.testing.Await;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.Test;

/**
 * Credentials IoT Hub refuses, or that ran out: each gives the Azure C SDK's reason and a log line
 * that says what to fix, and no log line, state or configuration text shows the key or the token.
 */
public class AzureCredentialsIT extends AzureTestSupport {

    /** A valid base64 key that is not the device's. */
    private static final String WRONG_KEY = "d3Jvbmcta2V5LW9mLWFub3RoZXItZGV2aWNlLTEyMzQ=";

    @Test
    public void aWrongKeyIsABadCredentialWhoseLogLineNamesDeviceIdAndKeyButNeverTheKey() throws Exception {
        Device device = register("az-wrong-key", "sas");
        try (LogCapture log = captureLogs()) {
            Map<String, Object> p = sasSession("wrong-key", device);
            p.put(SessionConfig.KEY.id(), WRONG_KEY);
            createSession(p);
            DmSession session = awaitSession("wrong-key");
            ConnectionState state = awaitState(session, "refused", s -> s.reason() == ConnectionReason.BAD_CREDENTIAL);
            assertThat(state.status()).isEqualTo(ConnectionStatus.DISCONNECTED_RETRYING);
            assertThat(state.detail()).contains("CONNACK 5").contains("'az-wrong-key'").contains("registered")
                    .contains("key").doesNotContain(WRONG_KEY);
            Await.until("a warning naming what to check", WAIT, () -> log.lines().stream().anyMatch(l ->
                    l.startsWith("WARNING") && l.contains("BAD_CREDENTIAL") && l.contains("device.id")
                            && l.contains("primary or secondary symmetric key")));
            assertNoSecretIn(log.lines(), WRONG_KEY, device.key());
            assertThat(session.config().toString()).doesNotContain(WRONG_KEY);
            assertThat(connects(device.id())).isZero();
        }
    }

    @Test
    public void anUnknownDeviceIsABadCredentialThatSaysToCheckItIsRegistered() throws Exception {
        Device known = register("az-known", "sas");
        try (LogCapture log = captureLogs()) {
            Map<String, Object> p = sasSession("unknown-device", known);
            p.put(SessionConfig.DEVICE_ID.id(), "az-nobody");
            createSession(p);
            ConnectionState state = awaitState(awaitSession("unknown-device"), "refused",
                    s -> s.reason() == ConnectionReason.BAD_CREDENTIAL);
            assertThat(state.detail()).contains("device 'az-nobody' is registered in IoT hub localhost");
            Await.until("a warning naming the device", WAIT, () -> log.lines().stream().anyMatch(l ->
                    l.startsWith("WARNING") && l.contains("BAD_CREDENTIAL") && l.contains("'az-nobody'")));
            assertNoSecretIn(log.lines(), known.key());
        }
    }

    @Test
    public void anExpiredTokenIsNeverSentAndTheLogSaysToGiveANewOneOrTheKey() throws Exception {
        Device device = register("az-expired", "sas");
        String expired = AzureSasTokens.sign("localhost", device.id(), device.key(), Instant.now().minusSeconds(60));
        try (LogCapture log = captureLogs()) {
            Map<String, Object> p = sasSession("expired", device);
            p.put(SessionConfig.KEY.id(), expired);
            createSession(p);
            ConnectionState state = awaitState(awaitSession("expired"), "refused",
                    s -> s.reason() == ConnectionReason.EXPIRED_CREDENTIAL);
            assertThat(state.status()).isEqualTo(ConnectionStatus.DISCONNECTED_RETRYING);
            assertThat(state.detail()).contains("SAS token given in key expired at").contains("give a new token")
                    .contains("symmetric key");
            Await.until("a warning saying the token expired", WAIT, () -> log.lines().stream().anyMatch(l ->
                    l.startsWith("WARNING") && l.contains("EXPIRED_CREDENTIAL") && l.contains("give a new token")));
            assertNoSecretIn(log.lines(), expired.substring(expired.indexOf("sig=") + 4, expired.indexOf("&se=")),
                    device.key());
            assertThat(connects(device.id())).as("an expired token never reaches the hub").isZero();
        }
    }

    @Test
    public void theHubClosingTheConnectionWhenItsGivenTokenExpiresIsAnExpiredCredential() throws Exception {
        Device device = register("az-expiring", "sas");
        String token = AzureSasTokens.sign("localhost", device.id(), device.key(), Instant.now().plusSeconds(6));
        Map<String, Object> p = sasSession("expiring", device);
        p.put(SessionConfig.KEY.id(), token);
        DmSession session = connected(p);
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        session.addConnectionListener((s, state) -> states.add(state));
        ConnectionState lost = Await.value("the connection closed at the token's expiry", WAIT, () -> states.stream()
                .filter(s -> !s.isConnected()).findFirst().orElse(null));
        assertThat(lost.reason()).isEqualTo(ConnectionReason.EXPIRED_CREDENTIAL);
        assertThat(lost.detail()).contains("IoT Hub closed the connection when its SAS token expired")
                .contains("cannot be renewed");
        assertThat(hubSeesConnected(device.id())).isFalse();
        assertThat(connects(device.id())).isEqualTo(1);
    }

    private static void assertNoSecretIn(List<String> lines, String... secrets) {
        for (String secret : secrets) {
            assertThat(lines).as("log lines").noneMatch(l -> l.contains(secret));
        }
    }
}
