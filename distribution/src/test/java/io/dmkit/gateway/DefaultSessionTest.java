package io.dmkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultSessionTest {

    @TempDir
    Path dir;

    @Test
    void isAFileInstallFactoryConfigurationForTheDemoDevice() throws Exception {
        Path file = DefaultSession.write(dir.resolve("config"), 11883);
        assertThat(file.getFileName()).hasToString("io.dmkit.session-gateway-demo.cfg");
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        assertThat(p).containsEntry("name", "gateway-demo").containsEntry("cloud.type", "thingspro")
                .containsEntry("host", "localhost").containsEntry("port", "11883")
                .containsEntry("device.id", "gateway-demo").containsEntry("security", "none").hasSize(6);
    }

    @Test
    void neverOverwritesTheUsersVersion() throws Exception {
        Path file = DefaultSession.write(dir, 1883);
        Files.writeString(file, "name = mine\n");
        DefaultSession.write(dir, 1884);
        assertThat(file).hasContent("name = mine");
    }
}
