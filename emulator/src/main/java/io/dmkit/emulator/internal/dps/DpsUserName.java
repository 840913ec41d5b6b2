package io.dmkit.emulator.internal.dps;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The MQTT user name a device gives DPS: {@code {idScope}/registrations/{registrationId}/api-version={v}},
 * to which Microsoft's Java SDK appends {@code &ClientVersion=…}.
 *
 * @param apiVersion empty when the user name has none
 */
record DpsUserName(String idScope, String registrationId, String apiVersion) {

    /** What DPS's device SDKs send today. */
    static final String API_VERSION = "2019-03-31";

    /** The shape that tells a DPS user name from a hub's ({@code {host}/{deviceId}/?api-version=…}). */
    private static final Pattern CLAIMED = Pattern.compile("[^/]+/registrations/[^/?]+(/.*)?");
    private static final Pattern FULL = Pattern.compile("([^/]+)/registrations/([^/?]+)/api-version=([^&]*)(&.*)?");

    /** Whether {@code userName} is meant for DPS (even if malformed), not for the hub. */
    static boolean looksLikeDps(String userName) {
        return userName != null && CLAIMED.matcher(userName).matches();
    }

    /** The parts of a well-formed user name; empty if it is not one. */
    static Optional<DpsUserName> parse(String userName) {
        if (userName == null) {
            return Optional.empty();
        }
        Matcher matcher = FULL.matcher(userName);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new DpsUserName(matcher.group(1), matcher.group(2), matcher.group(3)));
    }

    static String of(String idScope, String registrationId) {
        return idScope + "/registrations/" + registrationId + "/api-version=" + API_VERSION;
    }

    /** The resource a SAS token for this registration names: {@code {idScope}/registrations/{registrationId}}. */
    String tokenResource() {
        return tokenResource(idScope, registrationId);
    }

    static String tokenResource(String idScope, String registrationId) {
        return idScope + "/registrations/" + registrationId;
    }
}
