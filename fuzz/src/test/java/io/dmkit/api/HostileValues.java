package io.dmkit.api;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.util.List;

/**
 * Values an administrator, a configuration file or a broken management tool may put into a
 * configuration property: the wrong type, empty, blank, huge, control characters, numbers that are
 * negative or overflow, several values where one is expected. ConfigAdmin delivers all of these.
 */
final class HostileValues {

    private HostileValues() {
    }

    static Object next(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 15)) {
            case 0 -> "";
            case 1 -> " \t ";
            case 2 -> data.consumeString(200);
            case 3 -> String.valueOf(data.consumeChar()).repeat(data.consumeInt(1_000, 200_000));
            case 4 -> "\u0000\r\nx\u001b[31m\u2028" + data.consumeString(20);
            case 5 -> data.consumeInt();
            case 6 -> data.consumeLong();
            case 7 -> data.pickValue(new Object[] {Double.NaN, Double.POSITIVE_INFINITY, -0.0, 1e300, 2.5,
                    data.consumeDouble(), data.consumeFloat()});
            case 8 -> data.consumeBoolean();
            case 9 -> data.pickValue(new String[] {"-1", "0", "2147483648", "-9223372036854775809",
                    "99999999999999999999999", "0x10", "1e3", " 42 ", "+7", "١٢٣"});
            case 10 -> new String[] {data.consumeString(40), data.consumeString(40)};
            case 11 -> new String[0];
            case 12 -> List.of(data.consumeString(40));
            case 13 -> new int[] {data.consumeInt()};
            case 14 -> data.pickValue(new Object[] {data.consumeShort(), data.consumeByte(), data.consumeChar()});
            default -> data.pickValue(new String[] {"true", "FALSE", "yes", "thingspro", "azure", "aws", "none", "psk",
                    "tls", "auto", "memory", "persistent", "reject", "drop-oldest", "$aws/x", "dt/{id}/+/#",
                    "HostName=h.azure-devices.net;DeviceId=d;SharedAccessKey=AAAA", "-----BEGIN CERTIFICATE-----"});
        };
    }
}
