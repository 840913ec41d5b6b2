package io.dmkit.core.internal.provisioning;

import io.dmkit.api.SessionConfig;
import io.dmkit.api.Setting;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A session's configuration with an issued identity's settings laid over it, and what identifies the inputs. */
final class ConfigOverlay {

    /** The settings of every session that a provisioner may read as its input (a claim certificate, an endpoint). */
    private static final List<Setting<?>> INPUTS = List.of(SessionConfig.CLOUD_TYPE, SessionConfig.HOST,
            SessionConfig.PORT, SessionConfig.DEVICE_ID, SessionConfig.KEY, SessionConfig.CERT, SessionConfig.ROOT_CA);

    private ConfigOverlay() {
    }

    /**
     * @throws io.dmkit.api.InvalidConfigurationException naming a supplied setting whose value is unusable
     */
    static SessionConfig apply(SessionConfig config, Map<String, String> settings) {
        SessionConfig.Builder b = config.toBuilder();
        settings.forEach((id, text) -> {
            Optional<Setting<?>> common = SessionConfig.settings().stream().filter(s -> s.id().equals(id)).findFirst();
            if (common.isPresent()) {
                setParsed(b, common.get(), text);
            } else {
                b.option(id, text);
            }
        });
        return b.build();
    }

    private static <T> void setParsed(SessionConfig.Builder b, Setting<T> setting, String text) {
        b.set(setting, setting.parse(text));
    }

    /**
     * A digest of what the provisioner reads: its own options and the session settings it may use. An
     * identity issued for other inputs (another registration id, another claim) is not used. The digest
     * covers secrets too, so that a new key provisions again; it is kept in the owner-only store.
     */
    static String fingerprint(SessionConfig config, List<Setting<?>> provisionerSettings) {
        Map<String, String> inputs = new TreeMap<>();
        for (Setting<?> s : INPUTS) {
            inputs.put(s.id(), text(config, s));
        }
        for (Setting<?> s : provisionerSettings) {
            inputs.put(s.id(), config.options().getOrDefault(s.id(), ""));
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            inputs.forEach((id, value) -> {
                sha.update(id.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(value.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            });
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static <T> String text(SessionConfig config, Setting<T> s) {
        T value = config.get(s);
        return value == null ? "" : String.valueOf(s.toProperty(value));
    }
}
