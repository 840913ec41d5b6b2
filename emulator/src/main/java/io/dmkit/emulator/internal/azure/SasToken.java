package io.dmkit.emulator.internal.azure;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An IoT Hub shared access signature as a device presents it in the MQTT password:
 * {@code SharedAccessSignature sr=<url-encoded resource>&sig=<url-encoded base64>&se=<epoch seconds>[&skn=<policy>]}.
 *
 * <p>The signature is HMAC-SHA256, keyed with the base64-decoded device key, over the {@code sr} value
 * exactly as it appears in the token (it is already URL-encoded), a newline, and {@code se}.
 */
public final class SasToken {

    private static final String PREFIX = "SharedAccessSignature ";

    private final String resource;
    private final String encodedResource;
    private final byte[] signature;
    private final long expirySeconds;
    private final Optional<String> policy;

    private SasToken(String resource, String encodedResource, byte[] signature, long expirySeconds,
            Optional<String> policy) {
        this.resource = resource;
        this.encodedResource = encodedResource;
        this.signature = signature;
        this.expirySeconds = expirySeconds;
        this.policy = policy;
    }

    /** Parses a token; the message of the exception says what is wrong with it (never the token itself). */
    public static SasToken parse(String token) {
        if (!token.startsWith(PREFIX)) {
            throw new IllegalArgumentException("the password is not a SAS token: it must start with '"
                    + PREFIX.trim() + " '");
        }
        Map<String, String> fields = new HashMap<>();
        for (String field : token.substring(PREFIX.length()).split("&")) {
            int equals = field.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("the SAS token has a field without a value");
            }
            fields.put(field.substring(0, equals).toLowerCase(Locale.ROOT), field.substring(equals + 1));
        }
        String sr = required(fields, "sr");
        String sig = required(fields, "sig");
        String se = required(fields, "se");
        long expiry;
        try {
            expiry = Long.parseLong(se);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the SAS token's expiry 'se' is not a number of seconds");
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(URLDecoder.decode(sig, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the SAS token's signature 'sig' is not URL-encoded base64");
        }
        return new SasToken(URLDecoder.decode(sr, StandardCharsets.UTF_8), sr, signature, expiry,
                Optional.ofNullable(fields.get("skn")));
    }

    /** The decoded resource URI, e.g. {@code myhub.azure-devices.net/devices/device1}. */
    public String resource() {
        return resource;
    }

    public Instant expiry() {
        return Instant.ofEpochSecond(expirySeconds);
    }

    /** A shared access policy name: present when the token was signed with a hub policy, not the device key. */
    public Optional<String> policy() {
        return policy;
    }

    /** Whether the resource names this device: {@code <host>/devices/<deviceId>}, compared without case. */
    public boolean namesDevice(String deviceId) {
        String lower = resource.toLowerCase(Locale.ROOT);
        String suffix = "/devices/" + deviceId.toLowerCase(Locale.ROOT);
        return lower.endsWith(suffix) && lower.length() > suffix.length();
    }

    /** Whether the signature was made with {@code base64Key} (compared in constant time). */
    public boolean signedWith(String base64Key) {
        return MessageDigest.isEqual(sign(base64Key, encodedResource, expirySeconds), signature);
    }

    /** A token for {@code resource} signed with {@code base64Key}, as a device SDK makes one. */
    public static String create(String resource, String base64Key, Instant expiry) {
        String encoded = java.net.URLEncoder.encode(resource, StandardCharsets.UTF_8);
        long se = expiry.getEpochSecond();
        String sig = Base64.getEncoder().encodeToString(sign(base64Key, encoded, se));
        return PREFIX + "sr=" + encoded + "&sig=" + java.net.URLEncoder.encode(sig, StandardCharsets.UTF_8)
                + "&se=" + se;
    }

    private static byte[] sign(String base64Key, String encodedResource, long expirySeconds) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(base64Key), "HmacSHA256"));
            return mac.doFinal((encodedResource + "\n" + expirySeconds).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("the SAS token has no '" + name + "' field");
        }
        return value;
    }

    @Override
    public String toString() {
        return "SasToken[" + resource + ", expires " + expiry() + "]";
    }
}
