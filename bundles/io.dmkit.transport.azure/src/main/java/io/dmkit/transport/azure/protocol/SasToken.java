package io.dmkit.transport.azure.protocol;

import java.net.URLDecoder;
import java.net.URLEncoder;
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
 * An IoT Hub shared access signature as a device presents it in the MQTT password
 * ({@code protocols.md} §2.3):
 * {@code SharedAccessSignature sr=<url-encoded resource>&sig=<url-encoded base64>&se=<epoch seconds>[&skn=<policy>]}.
 *
 * <p>The signature is HMAC-SHA256, keyed with the base64-decoded device key, over the {@code sr}
 * value exactly as it appears in the token (already URL-encoded), a newline, and {@code se}. A
 * device's own key signs without {@code skn}; the resource is {@code <hub host>/devices/<device id>}.
 *
 * <p>{@link #toString()} shows the resource and the expiry, never the signature.
 */
public final class SasToken {

    /** What every token starts with, the space included. */
    public static final String PREFIX = "SharedAccessSignature ";

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

    /** The resource a device's token names: {@code <hub host>/devices/<device id>}. */
    public static String deviceResource(String hubHost, String deviceId) {
        return hubHost + "/devices/" + deviceId;
    }

    /**
     * A token for {@code resource} signed with the device key {@code base64Key}, as device SDKs make
     * one. The expiry is truncated to whole seconds.
     *
     * @throws IllegalArgumentException if the key is not base64 (the message does not repeat it)
     */
    public static String create(String resource, String base64Key, Instant expiry) {
        String encoded = URLEncoder.encode(resource, StandardCharsets.UTF_8);
        long se = expiry.getEpochSecond();
        String sig = Base64.getEncoder().encodeToString(sign(decodeKey(base64Key), encoded, se));
        return PREFIX + "sr=" + encoded + "&sig=" + URLEncoder.encode(sig, StandardCharsets.UTF_8) + "&se=" + se;
    }

    /**
     * As {@link #create(String, String, Instant)}, naming the key that signed it ({@code skn}): the
     * Device Provisioning Service wants {@code skn=registration}.
     */
    public static String create(String resource, String base64Key, Instant expiry, String keyName) {
        return create(resource, base64Key, expiry) + "&skn=" + URLEncoder.encode(keyName, StandardCharsets.UTF_8);
    }

    /**
     * The key of one device of an enrollment group: {@code base64(HMAC-SHA256(groupKey, registrationId))},
     * as the Device Provisioning Service derives it.
     *
     * @throws IllegalArgumentException if the group key is not base64 (the message does not repeat it)
     */
    public static String derivedKey(String base64GroupKey, String registrationId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(decodeKey(base64GroupKey), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(registrationId.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * Why {@code base64Key} cannot sign tokens, or empty if it can: a device's symmetric key is
     * base64 (IoT Hub generates 32 or 64 bytes). The reason never repeats the key.
     */
    public static Optional<String> keyProblem(String base64Key) {
        if (base64Key == null || base64Key.isBlank()) {
            return Optional.of("is empty");
        }
        try {
            if (Base64.getDecoder().decode(base64Key.strip()).length == 0) {
                return Optional.of("decodes to no bytes");
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("is not base64 (" + base64Key.strip().length() + " characters): give the device's "
                    + "primary or secondary symmetric key as IoT Hub shows it");
        }
    }

    /**
     * Parses a token.
     *
     * @throws IllegalArgumentException saying what is wrong with it, never repeating the token
     */
    public static SasToken parse(String token) {
        if (token == null || !token.startsWith(PREFIX)) {
            throw new IllegalArgumentException("the password is not a SAS token: it must start with '"
                    + PREFIX.trim() + " '");
        }
        Map<String, String> fields = new HashMap<>();
        for (String field : token.substring(PREFIX.length()).split("&")) {
            int equals = field.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("the SAS token has a field without a name or value");
            }
            String name = field.substring(0, equals).toLowerCase(Locale.ROOT);
            if (fields.putIfAbsent(name, field.substring(equals + 1)) != null) {
                throw new IllegalArgumentException("the SAS token repeats its field '" + name + "'");
            }
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
        String resource;
        try {
            resource = URLDecoder.decode(sr, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the SAS token's resource 'sr' is not URL-encoded");
        }
        return new SasToken(resource, sr, signature, expiry, Optional.ofNullable(fields.get("skn")));
    }

    /** The decoded resource, e.g. {@code myhub.azure-devices.net/devices/device1}. */
    public String resource() {
        return resource;
    }

    /** When the token stops being valid ({@code se}). */
    public Instant expiry() {
        return Instant.ofEpochSecond(expirySeconds);
    }

    /** A shared access policy name: present when a hub policy signed the token, not the device key. */
    public Optional<String> policy() {
        return policy;
    }

    /** Whether the resource names this device: {@code <host>/devices/<deviceId>}, compared without case. */
    public boolean namesDevice(String deviceId) {
        String lower = resource.toLowerCase(Locale.ROOT);
        String suffix = "/devices/" + deviceId.toLowerCase(Locale.ROOT);
        return lower.endsWith(suffix) && lower.length() > suffix.length();
    }

    /**
     * Whether the resource is {@code expected}, compared without case (services accept {@code %2f} and
     * {@code %2F} alike, and host names and ids without regard to case).
     */
    public boolean namesResource(String expected) {
        return resource.equalsIgnoreCase(expected);
    }

    /** Whether the signature was made with {@code base64Key} (compared in constant time). */
    public boolean signedWith(String base64Key) {
        byte[] key;
        try {
            key = decodeKey(base64Key);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(sign(key, encodedResource, expirySeconds), signature);
    }

    /** The key's bytes; the exception never carries the key or the decoder's message (which quotes it). */
    private static byte[] decodeKey(String base64Key) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64Key.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the device key is not base64");
        }
        if (key.length == 0) {
            throw new IllegalArgumentException("the device key decodes to no bytes");
        }
        return key;
    }

    private static byte[] sign(byte[] key, String encodedResource, long expirySeconds) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
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
        return "SasToken[" + resource + ", expires " + expiry() + policy.map(p -> ", policy " + p).orElse("") + "]";
    }
}
