package io.dmkit.transport.azure.internal;

import io.dmkit.api.InvalidConfigurationException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A device connection string as IoT Hub shows it, given in the option {@code azure.connection.string}
 * (the seed allowed "IP address or device connection string" in its host field): {@code HostName=<hub>;DeviceId=<id>;SharedAccessKey=<key>},
 * or {@code …;x509=true}, or {@code …;SharedAccessSignature=<token>}, optionally with
 * {@code GatewayHostName=<edge>} (connect to that gateway, authenticate to the hub). Names are
 * matched without case. {@link #toString()} and every error leave the key and the token out.
 */
record ConnectionString(String hostName, String deviceId, Optional<String> sharedAccessKey,
        Optional<String> sharedAccessSignature, boolean x509, Optional<String> gatewayHostName) {

    /** The part names IoT Hub's device connection strings use, lower-case. */
    private static final Set<String> KNOWN_PARTS = Set.of("hostname", "deviceid", "sharedaccesskey",
            "sharedaccesssignature", "x509", "gatewayhostname");

    /**
     * @throws InvalidConfigurationException naming the option and the part that is wrong
     */
    static ConnectionString parse(String text) {
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : text.split(";")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw invalid("has a part without a name (parts are Name=value, separated by ';')");
            }
            String name = p.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = p.substring(eq + 1).strip();
            if (parts.putIfAbsent(name, value) != null) {
                throw invalid("names " + displayName(name) + " twice");
            }
        }
        if (parts.containsKey("sharedaccesskeyname")) {
            throw invalid("is a connection string of a shared access policy of the hub (SharedAccessKeyName): give "
                    + "the device's own connection string (HostName=…;DeviceId=…;SharedAccessKey=…)");
        }
        if (parts.containsKey("moduleid")) {
            throw invalid("is a module's connection string (ModuleId): dmkit connects as a device; give the "
                    + "device's connection string");
        }
        for (String name : parts.keySet()) {
            if (!KNOWN_PARTS.contains(name)) {
                throw invalid("has an unknown part '" + safeName(name) + "' (known: HostName, DeviceId, "
                        + "SharedAccessKey, SharedAccessSignature, x509, GatewayHostName)");
            }
        }
        String hostName = required(parts, "hostname");
        String deviceId = required(parts, "deviceid");
        Optional<String> key = optional(parts, "sharedaccesskey");
        Optional<String> token = optional(parts, "sharedaccesssignature");
        boolean x509 = false;
        if (parts.containsKey("x509")) {
            String v = parts.get("x509");
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                throw invalid("has x509=" + safeName(v) + "; it must be true or false");
            }
            x509 = v.equalsIgnoreCase("true");
        }
        int ways = (key.isPresent() ? 1 : 0) + (token.isPresent() ? 1 : 0) + (x509 ? 1 : 0);
        if (ways > 1) {
            throw invalid("gives more than one of SharedAccessKey, SharedAccessSignature and x509=true; give one");
        }
        return new ConnectionString(hostName, deviceId, key, token, x509, optional(parts, "gatewayhostname"));
    }

    private static String required(Map<String, String> parts, String name) {
        String v = parts.get(name);
        if (v == null || v.isEmpty()) {
            throw invalid("has no " + displayName(name));
        }
        return v;
    }

    private static Optional<String> optional(Map<String, String> parts, String name) {
        String v = parts.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    private static InvalidConfigurationException invalid(String problem) {
        return new InvalidConfigurationException(AzureSettings.CONNECTION_STRING, "the device connection string "
                + problem);
    }

    private static String displayName(String lower) {
        return switch (lower) {
            case "hostname" -> "HostName";
            case "deviceid" -> "DeviceId";
            case "sharedaccesskey" -> "SharedAccessKey";
            case "sharedaccesssignature" -> "SharedAccessSignature";
            case "gatewayhostname" -> "GatewayHostName";
            default -> safeName(lower);
        };
    }

    /** A name or flag value from the string, shortened and printable: never a secret value. */
    private static String safeName(String s) {
        String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 40 ? printable.substring(0, 40) + "..." : printable;
    }

    @Override
    public String toString() {
        return "ConnectionString[HostName=" + hostName + ";DeviceId=" + deviceId
                + sharedAccessKey.map(k -> ";SharedAccessKey=***").orElse("")
                + sharedAccessSignature.map(k -> ";SharedAccessSignature=***").orElse("")
                + (x509 ? ";x509=true" : "") + gatewayHostName.map(g -> ";GatewayHostName=" + g).orElse("") + "]";
    }
}
