package io.dmkit.examples.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.dmkit.api.CommandRequest;
import io.dmkit.api.CommandResponse;
import io.dmkit.api.DmSession;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CommandsTest {

    /** Handlers here never touch the session: a proxy that answers nothing stands in for it. */
    private static final DmSession NO_SESSION = (DmSession) Proxy.newProxyInstance(DmSession.class.getClassLoader(),
            new Class<?>[] {DmSession.class}, (proxy, method, args) -> {
                throw new UnsupportedOperationException(method.getName());
            });

    private static CommandRequest request(String name, String payload) {
        return new CommandRequest(NO_SESSION, name, "r1", payload.getBytes(StandardCharsets.UTF_8),
                Instant.now().plusSeconds(5));
    }

    @Test
    void pingEchoesThePayloadWith200() {
        CommandResponse response = new PingCommand().handle(request("ping", "{\"hello\":1}"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.payloadAsString()).isEqualTo("{\"hello\":1}");
    }

    @Test
    void systemInfoDescribesTheJvmAndOs() {
        CommandResponse response = new SystemInfoCommand().handle(request("system.info", ""));
        JsonObject facts = JsonParser.parseString(response.payloadAsString()).getAsJsonObject();
        assertThat(response.status()).isEqualTo(200);
        assertThat(facts.getAsJsonObject("java").get("version").getAsString()).isEqualTo(System.getProperty("java.version"));
        assertThat(facts.getAsJsonObject("os").get("processors").getAsInt()).isPositive();
    }
}
