package io.dmkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The Web Console's own check of this format is proven by GatewayJarIT logging in with it. */
class WebConsolePasswordHashTest {

    @Test
    void isTheIteratedSaltedSha256TheWebConsoleExpects() throws Exception {
        byte[] digest = "0011223344556677secret".getBytes(StandardCharsets.UTF_8);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < 3; i++) {
            digest = sha256.digest(digest);
        }
        assertThat(WebConsolePasswordHash.hash("secret", "0011223344556677", 3))
                .isEqualTo("{sha-256}0011223344556677-3-" + Base64.getEncoder().encodeToString(digest));
    }

    @Test
    void eachHashHasItsOwnSalt() {
        String first = WebConsolePasswordHash.hash("secret");
        String second = WebConsolePasswordHash.hash("secret");
        assertThat(first).matches("\\{sha-256\\}[0-9a-f]{16}-1000-[A-Za-z0-9+/=]{44}");
        assertThat(second).isNotEqualTo(first);
    }
}
