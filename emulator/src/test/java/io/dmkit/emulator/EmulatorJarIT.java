package io.dmkit.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.testing.EmulatorClient;
import io.dmkit.testing.EmulatorProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged emulator as a user runs it: {@code java -jar target/dmkit-emulator.jar}, a separate
 * process with its libraries beside it in {@code target/lib}. Runs after {@code package} (failsafe).
 */
class EmulatorJarIT {

    @TempDir
    Path dir;

    @Test
    void jarStartsWithinSecondsAnswersTheRestApiAndServesThePage() throws Exception {
        Path jar = Path.of(System.getProperty("dmkit.emulator.jar", "target/dmkit-emulator.jar"));
        long started = System.nanoTime();
        try (EmulatorProcess emulator = EmulatorProcess.start(jar, dir.resolve("state"))) {
            Duration startup = Duration.ofNanos(System.nanoTime() - started);
            System.out.println("emulator jar listening after " + startup.toMillis() + " ms");
            assertThat(startup).isLessThan(Duration.ofSeconds(30));

            EmulatorClient client = emulator.client();
            EmulatorClient.Answer registered = client.registerDevice("gateway-demo", "thingspro", "none");
            assertThat(registered.status()).isEqualTo(200);
            assertThat(registered.body()).contains("\"mqttUri\":\"tcp://localhost:" + emulator.mqttPort() + "\"");
            assertThat(client.connection("gateway-demo").body()).contains("\"connected\":false");
            assertThat(client.invoke("gateway-demo", "ping", "{\"hello\":1}", 5).status()).isEqualTo(404);

            HttpResponse<String> page = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + emulator.httpPort() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<html").contains("dmkit");
            assertThat(Files.readString(emulator.caCertificate())).startsWith("-----BEGIN CERTIFICATE-----");
        }
        assertThat(dir.resolve("state").resolve("endpoints.json")).doesNotExist();
    }
}
