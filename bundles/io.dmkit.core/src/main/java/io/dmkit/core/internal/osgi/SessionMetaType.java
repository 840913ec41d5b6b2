package io.dmkit.core.internal.osgi;

import io.dmkit.api.SessionConfig;
import io.dmkit.api.Setting;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeProvider;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * The Metatype of session configurations (factory PID {@value SessionConfig#FACTORY_PID}), composed
 * when asked from the settings every session has and the options of the transports installed at that
 * moment, as the Felix Web Console and other Metatype clients render it. Each transport option is
 * labelled with its cloud type; a transport's option whose id another transport or a setting of every
 * session already uses is left out (the session manager warns of it when the transport arrives), so
 * the form never shows an id twice.
 */
final class SessionMetaType implements MetaTypeProvider {

    private final Supplier<Map<String, List<Setting<?>>>> transportSettings;

    /** @param transportSettings the options of the installed transports, by cloud type */
    SessionMetaType(Supplier<Map<String, List<Setting<?>>>> transportSettings) {
        this.transportSettings = transportSettings;
    }

    @Override
    public ObjectClassDefinition getObjectClassDefinition(String id, String locale) {
        if (!SessionConfig.FACTORY_PID.equals(id)) {
            throw new IllegalArgumentException("no object class definition " + id);
        }
        Map<String, List<Setting<?>>> transports = transportSettings.get();
        Map<String, Attribute> attributes = new LinkedHashMap<>();
        SessionConfig.settings().forEach(s -> attributes.put(s.id(), new Attribute(s, null)));
        // an option id that another transport declares too is shown once, as the first declares it (the
        // session manager said so when the second transport arrived)
        transports.forEach((type, settings) -> settings.forEach(s -> attributes.putIfAbsent(s.id(), new Attribute(s, type))));
        return new Definition(List.copyOf(attributes.values()), String.join(", ", transports.keySet()));
    }

    @Override
    public String[] getLocales() {
        return null;
    }

    private record Definition(List<Attribute> attributes, String cloudTypes) implements ObjectClassDefinition {
        @Override
        public String getName() {
            return "dmkit session";
        }

        @Override
        public String getID() {
            return SessionConfig.FACTORY_PID;
        }

        @Override
        public String getDescription() {
            return "A connection to a device-management service for one device. Create one configuration per "
                    + "session. Cloud types installed now: " + (cloudTypes.isEmpty() ? "none" : cloudTypes)
                    + "; the options of each are marked with it.";
        }

        @Override
        public AttributeDefinition[] getAttributeDefinitions(int filter) {
            List<AttributeDefinition> chosen = new ArrayList<>();
            for (Attribute a : attributes) {
                boolean required = a.setting.isRequired();
                if (filter == ALL || (filter == REQUIRED) == required) {
                    chosen.add(a);
                }
            }
            return chosen.toArray(AttributeDefinition[]::new);
        }

        @Override
        public InputStream getIcon(int size) {
            return null;
        }
    }

    /** One setting as a Metatype attribute; {@code cloudType} is null for a setting of every session. */
    private record Attribute(Setting<?> setting, String cloudType) implements AttributeDefinition {
        @Override
        public String getName() {
            return cloudType == null ? setting.label() : setting.label() + " (" + cloudType + ")";
        }

        @Override
        public String getID() {
            return setting.id();
        }

        @Override
        public String getDescription() {
            String range = setting.rangeText().isEmpty() ? "" : " Range " + setting.rangeText() + ".";
            return (cloudType == null ? "" : cloudType + ": ") + setting.description() + range;
        }

        @Override
        public int getCardinality() {
            return 0;
        }

        @Override
        public int getType() {
            return switch (setting.type()) {
                case TEXT -> setting.isSecret() ? PASSWORD : STRING;
                case INTEGER -> INTEGER;
                case LONG -> LONG;
                case BOOLEAN -> BOOLEAN;
            };
        }

        @Override
        public String[] getOptionValues() {
            return setting.choices().isEmpty() ? null
                    : setting.choices().stream().map(Setting.Choice::value).toArray(String[]::new);
        }

        @Override
        public String[] getOptionLabels() {
            return setting.choices().isEmpty() ? null
                    : setting.choices().stream().map(Setting.Choice::label).toArray(String[]::new);
        }

        /** "" when the value is usable, otherwise why not (the Metatype convention). */
        @Override
        public String validate(String value) {
            try {
                setting.parse(value);
                return "";
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        }

        @Override
        public String[] getDefaultValue() {
            return defaultText(setting);
        }

        private static <T> String[] defaultText(Setting<T> s) {
            return s.defaultValue().map(v -> new String[] {String.valueOf(s.toProperty(v))}).orElse(null);
        }
    }
}
