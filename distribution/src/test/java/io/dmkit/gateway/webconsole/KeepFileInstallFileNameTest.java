package io.dmkit.gateway.webconsole;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeepFileInstallFileNameTest {

    @Test
    void hidesOnlyFileInstallsMarkFromTheForm() {
        List<String> names = new ArrayList<>(List.of("name", "host", "felix.fileinstall.filename", "key"));
        new KeepFileInstallFileName().filterProperties("io.dmkit.session", "io.dmkit.session~demo", names);
        assertThat(names).containsExactly("name", "host", "key");
    }
}
