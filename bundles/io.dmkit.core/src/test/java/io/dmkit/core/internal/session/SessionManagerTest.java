package io.dmkit.core.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmkit.api.ConnectionReason;
import io.dmkit.api.DmSession;
import io.dmkit.api.InvalidConfigurationException;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.Setting;
import io.dmkit.core.internal.outbox.Outboxes;
import io.dmkit.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The open transport model: any cloud type, sessions that wait for their transport, declared options. */
class SessionManagerTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Setting<Integer> CHANNEL = Setting.integer("acme.channel").defaultValue(1).range(1, 16)
            .build();

    private final SessionManager manager = new SessionManager("test", new Outboxes(Optional.empty()));

    @AfterEach
    void close() {
        manager.close();
    }

    private static SessionConfig acme(String name, String channel) {
        SessionConfig.Builder b = SessionConfig.builder(name).cloudType("acme").host("h").deviceId("d");
        return (channel == null ? b : b.option(CHANNEL.id(), channel)).build();
    }

    private static void awaitReason(DmSession s, ConnectionReason reason) {
        Await.until(s.name() + " in " + reason, WAIT, () -> s.state().reason() == reason);
    }

    @Test
    void aSessionOfACloudTypeNobodyKnowsWaitsForItsTransportAndConnectsWhenItArrives() throws Exception {
        DmSession s = manager.createSession(acme("early", "3"));
        awaitReason(s, ConnectionReason.NO_TRANSPORT);
        assertThat(s.state().detail()).contains("acme");
        assertThat(manager.sessions()).containsExactly(s);

        FakeTransport acme = new FakeTransport("acme", List.of(CHANNEL));
        manager.addTransportFactory(acme);
        acme.acceptConnect();
        Await.until("connected", WAIT, () -> s.state().isConnected());
        assertThat(manager.cloudTypes()).containsExactly("acme");

        manager.removeTransportFactory(acme);
        awaitReason(s, ConnectionReason.NO_TRANSPORT);
        assertThat(acme.closes.get()).isPositive();

        FakeTransport again = new FakeTransport("acme", List.of(CHANNEL));
        manager.addTransportFactory(again);
        again.acceptConnect();
        Await.until("connected again", WAIT, () -> s.state().isConnected());
    }

    @Test
    void anOptionThatFailsItsDeclarationIsRefusedNamingIt() {
        manager.addTransportFactory(new FakeTransport("acme", List.of(CHANNEL)));
        assertThatThrownBy(() -> manager.createSession(acme("bad", "99")))
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.attribute()).isEqualTo("acme.channel"))
                .hasMessage("acme.channel: 99 is out of range 1..16");
        assertThat(manager.sessions()).isEmpty();
    }

    @Test
    void aSessionCreatedBeforeItsTransportShowsAnUnusableOptionWhenTheTransportArrives() {
        DmSession s = manager.createSession(acme("late", "0"));
        manager.addTransportFactory(new FakeTransport("acme", List.of(CHANNEL)));
        awaitReason(s, ConnectionReason.INVALID_CONFIGURATION);
        assertThat(s.state().detail()).isEqualTo("acme.channel: 0 is out of range 1..16");
    }

    @Test
    void theOptionsOfTheInstalledTransportsAreOfferedByCloudType() {
        manager.addTransportFactory(new FakeTransport("acme", List.of(CHANNEL)));
        manager.addTransportFactory(new FakeTransport("zeta", List.of()));
        assertThat(manager.transportSettings()).containsOnlyKeys("acme", "zeta");
        assertThat(manager.transportSettings().get("acme")).containsExactly(CHANNEL);
    }

    @Test
    void anOptionNamedLikeASettingOfEverySessionIsLeftOutOfTheTransportsDeclarations() {
        Setting<String> host = Setting.text(SessionConfig.HOST.id()).build();
        manager.addTransportFactory(new FakeTransport("acme", List.of(host, CHANNEL)));
        assertThat(manager.transportSettings().get("acme")).containsExactly(CHANNEL);
    }

    @Test
    void optionsAreShownAsTheirDeclarationsSayAndUnknownOnesAreNamed() {
        Setting<String> secret = Setting.text("acme.token").secret().build();
        SessionConfig config = SessionConfig.builder("s").cloudType("acme").option("acme.token", "hunter2")
                .option(CHANNEL.id(), "4").option("acme.chanel", "5").option("zeta.mode", "x").build();
        String shown = TransportOptions.check(config, List.of(CHANNEL, secret), java.util.Set.of("zeta.mode"));
        assertThat(shown).contains("acme.channel=4", "acme.token=***", "[acme.chanel]").doesNotContain("hunter2")
                .doesNotContain("zeta.mode");
    }
}
