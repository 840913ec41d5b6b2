package io.dmkit.emulator.internal.dps;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key of one device of a symmetric-key enrollment group, as DPS and its device SDKs derive it:
 * {@code base64(HMAC-SHA256(base64decode(groupKey), registrationId))}.
 */
final class DerivedKeys {

    private DerivedKeys() {
    }

    /**
     * @throws IllegalArgumentException if the group key is not base64 (the message does not repeat it)
     */
    static String derive(String groupKey, String registrationId) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(groupKey);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the group key is not base64");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(registrationId.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
