package io.dmkit.core.internal.osgi;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.api.SessionConfig;
import io.dmkit.api.Setting;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

class SessionMetaTypeTest {

    private static final Setting<String> TOKEN = Setting.text("acme.token").secret().label("Token").build();
    private static final Setting<Integer> CHANNEL = Setting.integer("acme.channel").defaultValue(1).range(1, 16)
            .label("Channel").description("The radio channel.").build();

    private static Map<String, AttributeDefinition> attributes(ObjectClassDefinition ocd, int filter) {
        Map<String, AttributeDefinition> byId = new LinkedHashMap<>();
        Arrays.stream(ocd.getAttributeDefinitions(filter)).forEach(a -> byId.put(a.getID(), a));
        return byId;
    }

    @Test
    void theFormHasTheSettingsOfEverySessionThenEachInstalledTransportsOptions() {
        Map<String, List<Setting<?>>> installed = new LinkedHashMap<>();
        SessionMetaType metaType = new SessionMetaType(() -> installed);
        assertThat(attributes(metaType.getObjectClassDefinition(SessionConfig.FACTORY_PID, null),
                ObjectClassDefinition.ALL)).hasSize(SessionConfig.settings().size());

        installed.put("acme", List.of(CHANNEL, TOKEN));
        ObjectClassDefinition ocd = metaType.getObjectClassDefinition(SessionConfig.FACTORY_PID, null);
        Map<String, AttributeDefinition> all = attributes(ocd, ObjectClassDefinition.ALL);
        assertThat(all.keySet()).startsWith("name", "cloud.type").endsWith("acme.channel", "acme.token");
        assertThat(attributes(ocd, ObjectClassDefinition.REQUIRED)).containsOnlyKeys("name", "cloud.type");
        assertThat(ocd.getDescription()).contains("installed now: acme");

        AttributeDefinition channel = all.get("acme.channel");
        assertThat(channel.getName()).isEqualTo("Channel (acme)");
        assertThat(channel.getDescription()).isEqualTo("acme: The radio channel. Range 1..16.");
        assertThat(channel.getType()).isEqualTo(AttributeDefinition.INTEGER);
        assertThat(channel.getDefaultValue()).containsExactly("1");
        assertThat(channel.validate("17")).isEqualTo("acme.channel: 17 is out of range 1..16");
        assertThat(channel.validate("4")).isEmpty();
        assertThat(all.get("acme.token").getType()).isEqualTo(AttributeDefinition.PASSWORD);
        assertThat(all.get("key").getType()).isEqualTo(AttributeDefinition.PASSWORD);
        assertThat(all.get("queue.overflow").getOptionValues()).containsExactly("reject", "drop-oldest");
        assertThat(all.get("command.timeout.seconds").getDefaultValue()).containsExactly("30");
    }

    @Test
    void anOptionIdDeclaredTwiceIsShownOnceAndNeverReplacesASettingOfEverySession() {
        Setting<String> host = Setting.text("host").label("Another host").build();
        Map<String, List<Setting<?>>> installed = new LinkedHashMap<>();
        installed.put("acme", List.of(CHANNEL, host));
        installed.put("zeta", List.of(Setting.integer("acme.channel").label("Zeta channel").build()));
        Map<String, AttributeDefinition> all = attributes(new SessionMetaType(() -> installed)
                .getObjectClassDefinition(SessionConfig.FACTORY_PID, null), ObjectClassDefinition.ALL);
        assertThat(all.get("host").getName()).isEqualTo("Host");
        assertThat(all.get("acme.channel").getName()).isEqualTo("Channel (acme)");
        assertThat(all).hasSize(SessionConfig.settings().size() + 1);
    }
}
