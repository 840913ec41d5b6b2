package io.dmkit.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmkit.transport.azure.protocol.SasToken;
import io.dmkit.testing.ThreadCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting, restarting and stopping the emulator: what survives, what is refused, what is left behind. */
class EmulatorLifecycleTest {

    @TempDir
    Path dir;

    @Test
    void devicesAndCaSurviveARestartAndDevicesStillConnect() throws Exception {
        Path state = dir.resolve("state");
        Device registered;
        String caPem;
        try (Emulator first = Emulator.start(EmulatorOptions.forTests(state).build())) {
            registered = first.registerDevice("dev-1", Dialect.AZURE, AuthKind.SAS);
            first.registerDevice("thing-1", Dialect.AWS, AuthKind.X509);
            caPem = Files.readString(first.endpoints().caCertificate());
            assertThat(Files.readString(state.resolve(Emulator.ENDPOINTS_FILE)))
                    .contains("\"httpPort\":" + first.endpoints().httpPort())
                    .contains("\"mqttTlsPort\":" + first.endpoints().mqttTlsPort());
        }
        assertThat(state.resolve(Emulator.ENDPOINTS_FILE)).doesNotExist();
        try (Emulator second = Emulator.start(EmulatorOptions.forTests(state).build())) {
            assertThat(second.devices()).extracting(Device::id).containsExactly("dev-1", "thing-1");
            assertThat(second.device("dev-1")).hasValue(registered);
            assertThat(Files.readString(second.endpoints().caCertificate())).isEqualTo(caPem);
            try (RawDevice raw = RawDevice.connect(second.endpoints().mqttTlsUri().toString(), "dev-1",
                    "localhost/dev-1/?api-version=2021-04-12",
                    SasToken.create("localhost/devices/dev-1", registered.key(), Instant.now().plusSeconds(60)),
                    RawDevice.trusting(second, null))) {
                assertThat(second.connection("dev-1").connected()).isTrue();
            }
        }
    }

    @Test
    void registryFileKeepsKeysFromOtherUsers() throws Exception {
        Path state = dir.resolve("private");
        try (Emulator emulator = Emulator.start(EmulatorOptions.forTests(state).build())) {
            emulator.registerDevice("dev-1", Dialect.THINGSPRO, AuthKind.PASSWORD);
        }
        assertThat(Files.getPosixFilePermissions(state.resolve("devices.json")))
                .extracting(Object::toString).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
        assertThat(Files.getPosixFilePermissions(state.resolve("pki").resolve("ca.key")))
                .extracting(Object::toString).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
    }

    @Test
    void unreadableRegistryIsMovedAsideInsteadOfRefusingToStart() throws Exception {
        Path state = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(state.resolve("devices.json"), "[{\"id\":");
        try (Emulator emulator = Emulator.start(EmulatorOptions.forTests(state).build())) {
            assertThat(emulator.devices()).isEmpty();
        }
        try (var files = Files.list(state)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("devices.json.broken-"));
        }
    }

    @Test
    void invalidRegistrationsAreRefusedWithTheRule() throws Exception {
        try (Emulator emulator = Emulator.start(EmulatorOptions.forTests(dir.resolve("rules")).build())) {
            assertThatThrownBy(() -> emulator.registerDevice("a/b", Dialect.AZURE, AuthKind.SAS))
                    .isInstanceOfSatisfying(EmulatorException.class, e -> assertThat(e.status()).isEqualTo(400))
                    .hasMessageContaining("invalid device id");
            assertThatThrownBy(() -> emulator.registerDevice("aws-1", Dialect.AWS, AuthKind.SAS))
                    .hasMessageContaining("cannot use sas");
            assertThatThrownBy(() -> emulator.registerDevice("az-1", Dialect.AZURE, AuthKind.SAS, "not base64!"))
                    .hasMessageContaining("base64");
            assertThatThrownBy(() -> emulator.twin("nobody"))
                    .isInstanceOfSatisfying(EmulatorException.class, e -> assertThat(e.status()).isEqualTo(404));
        }
    }

    @Test
    void closingStopsEveryThreadItStarted() throws Exception {
        Set<Thread> before = ThreadCheck.snapshot();
        try (Emulator emulator = Emulator.start(EmulatorOptions.forTests(dir.resolve("threads")).build())) {
            Device device = emulator.registerDevice("dev-t", Dialect.AZURE, AuthKind.SAS);
            try (RawDevice raw = RawDevice.connect(emulator.endpoints().mqttTlsUri().toString(), "dev-t",
                    "localhost/dev-t/?api-version=2021-04-12",
                    SasToken.create("localhost/devices/dev-t", device.key(), Instant.now().plusSeconds(60)),
                    RawDevice.trusting(emulator, null))) {
                assertThat(raw.isConnected()).isTrue();
            }
        }
        ThreadCheck.awaitNoNewThreads(before, Duration.ofSeconds(20));
    }
}
