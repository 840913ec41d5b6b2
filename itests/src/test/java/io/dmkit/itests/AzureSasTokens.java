package io.dmkit.itests;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SAS tokens made the way a provisioning script makes them (the recipe of {@code protocols.md}
 * §2.3), for tests that give the gateway a token instead of a key. Written here on purpose rather
 * than taken from the transport: the test then checks the transport and the emulator against the
 * documented recipe, not against themselves.
 */
final class AzureSasTokens {

    private AzureSasTokens() {
    }

    /** A token for {@code <host>/devices/<deviceId>} signed with the base64 {@code key}, valid until {@code expiry}. */
    static String sign(String host, String deviceId, String key, Instant expiry) {
        String resource = URLEncoder.encode(host + "/devices/" + deviceId, StandardCharsets.UTF_8);
        long se = expiry.getEpochSecond();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(key), "HmacSHA256"));
            String sig = Base64.getEncoder().encodeToString(mac.doFinal((resource + "\n" + se)
                    .getBytes(StandardCharsets.UTF_8)));
            return "SharedAccessSignature sr=" + resource + "&sig=" + URLEncoder.encode(sig, StandardCharsets.UTF_8)
                    + "&se=" + se;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
