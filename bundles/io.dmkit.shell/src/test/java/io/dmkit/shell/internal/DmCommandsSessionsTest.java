package io.dmkit.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmkit.api.ConnectionReason;
import io.dmkit.api.ConnectionState;
import io.dmkit.api.ConnectionStatus;
import io.dmkit.api.DeviceManagement;
import io.dmkit.api.DmSession;
import io.dmkit.api.ProvisionedIdentity;
import io.dmkit.api.SessionConfig;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class DmCommandsSessionsTest {

    private static final Instant SINCE = Instant.parse("2026-12-07T10:00:00Z");
    private static final List<String> REPROVISIONED = new CopyOnWriteArrayList<>();

    private final DmSession live = session("a", ConnectionReason.OK, null);
    private final DmSession refusedDuplicate = session("a", ConnectionReason.INVALID_CONFIGURATION,
            "name: a session named 'a' exists already");
    private final DmCommands commands = new DmCommands(deviceManagementWith(live), null);

    @Test
    void aPlaceholderSharingItsNameWithALiveSessionIsListedBesideItAndItsRemovalLeavesTheLiveOne() {
        commands.addSession(live, Map.of(DmSession.CLOUD_TYPE, "thingspro"));
        commands.addSession(refusedDuplicate, Map.of(DmSession.CLOUD_TYPE, "thingspro"));

        assertThat(commands.sessions()).contains("OK").contains("INVALID_CONFIGURATION");
        String both = commands.session("a");
        assertThat(both.indexOf("(OK)")).isLessThan(both.indexOf("(INVALID_CONFIGURATION)"));
        assertThat(both).contains("exists already").contains("config  SessionConfig");

        commands.removeSession(refusedDuplicate);

        assertThat(commands.sessions()).contains("OK").doesNotContain("INVALID_CONFIGURATION");
        assertThat(commands.session("a")).contains("(OK)");
    }

    @Test
    void aProvisionedSessionShowsItsIdentityAndCanBeReprovisioned() {
        DmSession dps = session("dps-1", ConnectionReason.OK, null);
        DmCommands withDps = new DmCommands(deviceManagementWith(dps), null);
        withDps.addSession(dps, Map.of(DmSession.CLOUD_TYPE, "azure"));

        assertThat(withDps.session("dps-1")).contains("identity from azure-dps at 2026-12-07T10:00:00Z: "
                + "{assignedHub=hub.example}").contains("payload {\"site\":1}");
        assertThat(withDps.reprovision("dps-1")).startsWith("re-provisioning dps-1");
        assertThat(REPROVISIONED).contains("dps-1");
    }

    @Test
    void anUnknownSessionIsAClearError() {
        assertThatThrownBy(() -> commands.session("nope")).hasMessage("no session named 'nope' (dm:sessions lists them)");
    }

    /** A session service: a live one has a configuration, a placeholder (with a detail) has none. */
    private static DmSession session(String name, ConnectionReason reason, String problem) {
        ConnectionState state = new ConnectionState(problem == null ? ConnectionStatus.CONNECTED
                : ConnectionStatus.DISCONNECTED, reason, SINCE, problem);
        SessionConfig config = SessionConfig.builder(name).cloudType("thingspro").host("localhost").build();
        return (DmSession) Proxy.newProxyInstance(DmSession.class.getClassLoader(), new Class<?>[] {DmSession.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "name" -> name;
                    case "state" -> state;
                    case "config" -> {
                        if (problem != null) {
                            throw new IllegalStateException(problem);
                        }
                        yield config;
                    }
                    case "provisioned" -> Optional.ofNullable(name.startsWith("dps") ? new ProvisionedIdentity("azure-dps",
                            SINCE, Map.of("assignedHub", "hub.example"), "{\"site\":1}") : null);
                    case "reprovision" -> {
                        REPROVISIONED.add(name);
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "DmSession[" + name + "]";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static DeviceManagement deviceManagementWith(DmSession live) {
        return (DeviceManagement) Proxy.newProxyInstance(DeviceManagement.class.getClassLoader(),
                new Class<?>[] {DeviceManagement.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "session" -> Optional.of(live).filter(s -> s.name().equals(args[0]));
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
