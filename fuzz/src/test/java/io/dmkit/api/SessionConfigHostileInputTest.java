package io.dmkit.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dmkit.api.spi.TransportFactory;
import io.dmkit.fuzz.FuzzContext;
import io.dmkit.fuzz.RecordingListener;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Session configurations with the hostile values an administrator or a tool may enter, read and
 * checked as a session's creation does: each is refused with an {@link InvalidConfigurationException}
 * naming the attribute, and never repeats a secret.
 */
class SessionConfigHostileInputTest {

    private final FuzzContext context = new FuzzContext();

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void keyThatIsNeitherPemNorAFilePathIsNotRepeatedInTheErrorNorInItsCause() {
        // A private key pasted without its BEGIN line: read as a file name, which the file system finds too long.
        String key = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ".repeat(40);
        Map<String, Object> properties = new HashMap<>(WorkingConfigurations.of("aws"));
        properties.put("key", key);

        Throwable refused = catchThrowable(() -> create(properties));

        assertThat(refused).isInstanceOfSatisfying(InvalidConfigurationException.class,
                e -> assertThat(e.attribute()).isEqualTo("key"));
        for (Throwable t = refused; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(key.substring(0, 40));
        }
    }

    @Test
    void proxyPasswordIsNotRepeatedWhenTheProxyIsRefused() {
        Map<String, Object> properties = new HashMap<>(WorkingConfigurations.of("azure"));
        properties.put("proxy.port", "99999");

        assertThatThrownBy(() -> create(properties)).isInstanceOfSatisfying(InvalidConfigurationException.class,
                e -> assertThat(e.attribute()).isEqualTo("proxy.port"))
                .message().doesNotContain("proxy-secret-password-0123");
    }

    @Test
    void numbersThatAreNegativeOrOverflowAreRefusedNamingTheAttribute() {
        for (String attribute : new String[] {"port", "keepalive", "command.timeout.seconds", "inflight.max",
            "queue.capacity", "queue.max.bytes", "reconnect.min.delay.ms"}) {
            for (Object value : new Object[] {"-1", "99999999999999999999", "12abc", Long.MIN_VALUE, 2.5}) {
                Map<String, Object> properties = new HashMap<>(WorkingConfigurations.of("thingspro"));
                properties.put(attribute, value);

                assertThatThrownBy(() -> create(properties)).as("%s=%s", attribute, value)
                        .isInstanceOfSatisfying(InvalidConfigurationException.class,
                                e -> assertThat(e.attribute()).isEqualTo(attribute));
            }
        }
    }

    @Test
    void nameWithControlCharactersIsRefusedWithoutRepeatingThemRaw() {
        Map<String, Object> properties = new HashMap<>(WorkingConfigurations.of("thingspro"));
        properties.put("name", "gw\r\n[ERROR] forged log line");

        assertThatThrownBy(() -> create(properties)).isInstanceOfSatisfying(InvalidConfigurationException.class,
                e -> assertThat(e.attribute()).isEqualTo("name"));
    }

    @Test
    void valueOfAMegabyteIsRefusedWithAMessageOfReadableLength() {
        Map<String, String> cloudOf = Map.of("name", "thingspro", "security", "thingspro", "topic.root", "thingspro",
                "host", "azure", "device.id", "azure", "azure.websocket", "azure", "proxy.port", "azure",
                "root.ca", "azure", "aws.shadow.name", "aws", "aws.telemetry.topic", "aws");
        for (String attribute : cloudOf.keySet()) {
            Map<String, Object> properties = new HashMap<>(WorkingConfigurations.of(cloudOf.get(attribute)));
            properties.put(attribute, "x/".repeat(1 << 19));

            assertThatThrownBy(() -> create(properties)).as(attribute)
                    .isInstanceOfSatisfying(InvalidConfigurationException.class,
                            e -> assertThat(e.attribute()).isEqualTo(attribute))
                    .message().hasSizeLessThan(1000);
        }
    }

    private void create(Map<String, Object> properties) {
        SessionConfig config = SessionConfig.fromProperties(properties);
        TransportFactory factory = ServiceLoader.load(TransportFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.cloudType().equals(config.cloudType())).findFirst().orElseThrow();
        factory.create(config, context.with(new RecordingListener())).close();
    }
}
