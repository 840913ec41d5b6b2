package io.dmkit.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionConfigTest {

    private static Map<String, Object> valid() {
        Map<String, Object> p = new HashMap<>();
        p.put("name", "main");
        p.put("cloud.type", "thingspro");
        p.put("host", "broker.example.com");
        p.put("device.id", "gw-1");
        p.put("key", "00112233");
        return p;
    }

    @Test
    void readsConfigAdminPropertiesWithDefaults() {
        Map<String, Object> p = valid();
        p.put("port", "8884");
        p.put("keepalive", 30);
        p.put("auto.connect", new Boolean[] {false});
        p.put("security", "psk");
        p.put("service.pid", "io.dmkit.session~main");
        p.put("command.timeout.seconds", 5L);
        SessionConfig c = SessionConfig.fromProperties(p);
        assertThat(c.name()).isEqualTo("main");
        assertThat(c.port()).isEqualTo(8884);
        assertThat(c.keepAliveSeconds()).isEqualTo(30);
        assertThat(c.autoConnect()).isFalse();
        assertThat(c.commandTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.operationTimeout()).isEqualTo(SessionConfig.OPERATION_TIMEOUT.defaultValue().orElseThrow());
        assertThat(c.options()).containsOnly(Map.entry("security", "psk"));
        assertThat(c.key()).hasValue("00112233");
    }

    @Test
    void missingCloudTypeIsNamedInTheError() {
        Map<String, Object> p = valid();
        p.remove("cloud.type");
        assertThatThrownBy(() -> SessionConfig.fromProperties(p)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("cloud.type: is required")
                .satisfies(e -> assertThat(((InvalidConfigurationException) e).attribute()).isEqualTo("cloud.type"));
    }

    @Test
    void anyWellFormedCloudTypeIsAccepted() {
        Map<String, Object> p = valid();
        p.put("cloud.type", "acme-cloud.v2");
        assertThat(SessionConfig.fromProperties(p).cloudType()).isEqualTo("acme-cloud.v2");
        p.put("cloud.type", "no spaces");
        assertThatThrownBy(() -> SessionConfig.fromProperties(p)).hasMessageStartingWith("cloud.type: 'no spaces'");
    }

    @Test
    void hostIsOptionalButMustBeAHostName() {
        Map<String, Object> p = valid();
        p.remove("host");
        assertThat(SessionConfig.fromProperties(p).host()).isEmpty();
        p.put("host", "[fe80::1%eth0]");
        assertThat(SessionConfig.fromProperties(p).host()).hasValue("[fe80::1%eth0]");
        p.put("host", "HostName=h.azure-devices.net;DeviceId=d;SharedAccessKey=c2VjcmV0a2V5");
        assertThatThrownBy(() -> SessionConfig.fromProperties(p)).hasMessageStartingWith("host: is not a host name")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("c2VjcmV0a2V5"));
        p.put("host", "tcp://broker:1883");
        assertThatThrownBy(() -> SessionConfig.fromProperties(p)).hasMessageStartingWith("host: is not a host name");
    }

    @Test
    void portOutOfRangeIsRefused() {
        Map<String, Object> p = valid();
        p.put("port", 70000);
        assertThatThrownBy(() -> SessionConfig.fromProperties(p)).hasMessage(
                "port: 70000 is out of range 0..65535 (0 selects the transport's default port)");
    }

    @Test
    void wrongTypesAndHostileValuesGiveShortClearErrors() {
        Map<String, Object> p = valid();
        p.put("keepalive", "soon");
        assertThatThrownBy(() -> SessionConfig.fromProperties(p)).hasMessage("keepalive: 'soon' is not a whole number");
        p.put("keepalive", "x".repeat(100_000));
        assertThatThrownBy(() -> SessionConfig.fromProperties(p)).satisfies(e -> assertThat(e.getMessage())
                .hasSizeLessThan(200).contains("100000 characters"));
        p.put("keepalive", 60);
        p.put("auto.connect", "maybe");
        assertThatThrownBy(() -> SessionConfig.fromProperties(p)).hasMessageStartingWith("auto.connect:");
        p.put("auto.connect", true);
        p.put("port", List.of(1, 2));
        assertThatThrownBy(() -> SessionConfig.fromProperties(p)).hasMessage("port: takes one value, not 2");
        p.put("port", 1.5);
        assertThatThrownBy(() -> SessionConfig.fromProperties(p)).hasMessageStartingWith("port: '1.5' is not a whole");
        p.put("port", 0);
        p.put("queue.max.bytes", 1.0E300);
        assertThatThrownBy(() -> SessionConfig.fromProperties(p)).hasMessageStartingWith("queue.max.bytes:")
                .hasMessageContaining("out of range");
        p.put("queue.max.bytes", Double.NaN);
        assertThatThrownBy(() -> SessionConfig.fromProperties(p)).hasMessageStartingWith("queue.max.bytes:");
        p.put("queue.max.bytes", 2048.0);
        assertThat(SessionConfig.fromProperties(p).queueMaxBytes()).isEqualTo(2048);
    }

    @Test
    void sessionNamesAreRestricted() {
        Map<String, Object> p = valid();
        p.put("name", "bad name/with slash");
        assertThatThrownBy(() -> SessionConfig.fromProperties(p)).hasMessageStartingWith("name: 'bad name/with slash'");
        p.remove("name");
        assertThatThrownBy(() -> SessionConfig.fromProperties(p)).hasMessage("name: is required");
    }

    @Test
    void reconnectDelaysMustBeOrdered() {
        assertThatThrownBy(() -> SessionConfig.builder("a").cloudType("thingspro").host("h")
                .reconnectDelays(Duration.ofSeconds(5), Duration.ofSeconds(1)).build())
                .hasMessageStartingWith("reconnect.max.delay.ms:");
    }

    @Test
    void toStringNeverShowsTheKey() {
        SessionConfig c = SessionConfig.fromProperties(valid());
        assertThat(c.toString()).doesNotContain("00112233").contains("key=***");
        Map<String, Object> inline = valid();
        inline.put("cert", "-----BEGIN CERTIFICATE-----\nMIIB" + "A".repeat(100) + "\n-----END CERTIFICATE-----");
        assertThat(SessionConfig.fromProperties(inline).toString())
                .contains("cert='-----BEGIN CERTIFICATE-----?MIIB").contains("characters)").doesNotContain("\n");
    }

    @Test
    void toBuilderKeepsEverything() {
        SessionConfig c = SessionConfig.fromProperties(valid());
        SessionConfig copy = c.toBuilder().build();
        assertThat(copy).isEqualTo(c);
        assertThat(copy.toString()).isEqualTo(c.toString());
        assertThat(copy.key()).isEqualTo(c.key());
    }

    @Test
    void transportOptionsShowOnlyByNameSinceOnlyTheTransportKnowsWhichAreSecret() {
        SessionConfig config = SessionConfig.builder("hub").cloudType("acme").host("h.example.com")
                .option("proxy.password", "hunter2").option("proxy.user", "alice").build();
        assertThat(config.toString()).doesNotContain("hunter2").doesNotContain("alice")
                .contains("options [proxy.password, proxy.user]");
    }

    @Test
    void transportOptionsAreReadTypedThroughTheirDeclaration() {
        Setting<Integer> port = Setting.integer("proxy.port").defaultValue(3128).range(1, 65535).build();
        Setting<String> password = Setting.text("proxy.password").secret().build();
        SessionConfig config = SessionConfig.builder("s").cloudType("acme").option("proxy.port", " 8080 ")
                .set(password, "hunter2").build();
        assertThat(config.get(port)).isEqualTo(8080);
        assertThat(config.get(password)).isEqualTo("hunter2");
        assertThat(password.display(config.get(password))).isEqualTo("***");
        assertThat(SessionConfig.builder("s").cloudType("acme").build().get(port)).isEqualTo(3128);
        SessionConfig bad = SessionConfig.builder("s").cloudType("acme").option("proxy.port", "0").build();
        assertThatThrownBy(() -> bad.get(port)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("proxy.port: 0 is out of range 1..65535");
    }

    @Test
    void aSettingOfEverySessionIsNotATransportOption() {
        assertThatThrownBy(() -> SessionConfig.builder("s").option("keepalive", "5"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keepalive");
    }

    @Test
    void frameworkAndComponentPropertiesAreNotTransportOptions() {
        Map<String, Object> properties = new HashMap<>(Map.of(SessionConfig.NAME.id(), "s",
                SessionConfig.CLOUD_TYPE.id(), "thingspro", SessionConfig.HOST.id(), "h", SessionConfig.DEVICE_ID.id(), "d", "osgi.ds.satisfying.condition.target", "(x=y)",
                "felix.fileinstall.filename", "file:/x.cfg", "service.pid", "p", "topic.root", "dm"));
        assertThat(SessionConfig.fromProperties(properties).options()).containsOnlyKeys("topic.root");
    }
}
