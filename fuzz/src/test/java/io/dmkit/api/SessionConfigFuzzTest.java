package io.dmkit.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dmkit.api.spi.Transport;
import io.dmkit.api.spi.TransportFactory;
import io.dmkit.fuzz.FuzzContext;
import io.dmkit.fuzz.RecordingListener;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Configuration fuzzing: a working session configuration of one of the clouds, with some of the
 * Metatype's attributes (and unknown ones) given hostile values ({@link HostileValues}), read as the
 * core reads it ({@link SessionConfig#fromProperties}) and then checked by the cloud's transport factory
 * as a session's creation does. The one allowed failure is an {@link InvalidConfigurationException}
 * that names an attribute (of the form, or one that was given), is short enough to read, and whose
 * message (with its causes') never contains the value of a secret attribute (one its declaration marks
 * secret: {@code key}, {@code azure.connection.string},
 * {@code proxy.password}; recognised by a marker the test puts in front of them); a key given as a file
 * path is the one exception, as dmkit shows paths to key files (never key material) to say which file
 * is wrong.
 */
class SessionConfigFuzzTest {

    private static final List<SessionMetatype.Attribute> ATTRIBUTES = SessionMetatype.attributes();
    private static final Set<String> SECRETS = ATTRIBUTES.stream().filter(SessionMetatype.Attribute::isSecret)
            .map(SessionMetatype.Attribute::id).collect(Collectors.toUnmodifiableSet());
    private static final Map<String, TransportFactory> FACTORIES = ServiceLoader.load(TransportFactory.class).stream()
            .map(ServiceLoader.Provider::get).collect(Collectors.toMap(TransportFactory::cloudType, f -> f));
    private static final FuzzContext CONTEXT = new FuzzContext();

    @FuzzTest
    void hostileAttributeValues(FuzzedDataProvider data) {
        Map<String, Object> properties = new HashMap<>(
                WorkingConfigurations.of(data.pickValue(List.of("thingspro", "azure", "aws"))));
        int changes = data.consumeInt(1, 4);
        for (int i = 0; i < changes; i++) {
            String attribute = data.consumeBoolean() ? data.pickValue(ATTRIBUTES).id()
                    : data.pickValue(List.of("topic.root", "name", "unknown.option", "service.pid", ".private"));
            Object value = HostileValues.next(data);
            // A secret starts with a marker of its own, so that finding it in a message is never a coincidence.
            properties.put(attribute, SECRETS.contains(attribute) && value instanceof String s && !s.isBlank()
                    ? marker(attribute) + s : value);
        }

        Transport transport = null;
        try {
            SessionConfig config = SessionConfig.fromProperties(properties);
            TransportFactory factory = FACTORIES.get(config.cloudType());
            if (factory != null) {
                transport = factory.create(config, CONTEXT.with(new RecordingListener()));
            }
        } catch (InvalidConfigurationException e) {
            assertThat(e.attribute()).as("the attribute at fault").isNotBlank();
            assertThat(e.attribute()).as("names an attribute of the form or one that was set: %s", e.getMessage())
                    .isIn(Stream.concat(ATTRIBUTES.stream().map(SessionMetatype.Attribute::id),
                            properties.keySet().stream()).toList());
            assertThat(e.getMessage()).startsWith(e.attribute() + ": ");
            assertThat(e.getMessage().length()).as("a message a person can read, not the value of a megabyte: %s",
                    e.getMessage().substring(0, Math.min(300, e.getMessage().length()))).isLessThan(1000);
            for (String secret : SECRETS) {
                if (properties.get(secret) instanceof String value && value.startsWith(marker(secret))
                        && !looksLikePath(value)) {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).as("the message hides %s", secret)
                                .doesNotContain(marker(secret));
                    }
                }
            }
        } catch (RuntimeException e) {
            fail("configuration " + properties.keySet() + " failed with something other than "
                    + "InvalidConfigurationException", e);
        } finally {
            if (transport != null) {
                transport.close();
            }
        }
    }

    private static String marker(String secret) {
        return "S3CRET-" + secret + "-7f3a";
    }

    /** dmkit shows a key given as a file path (never key material) to say which file is wrong. */
    private static boolean looksLikePath(String value) {
        String v = value.strip();
        return v.contains("/") || v.contains("\\") || v.endsWith(".pem") || v.endsWith(".key");
    }
}
