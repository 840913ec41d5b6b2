package io.dmkit.emulator.internal.cloud;

/**
 * A refused CONNECT: the CONNACK code the device sees and a log line for the person running the
 * emulator (never containing a secret).
 */
public record Refusal(Code code, String reason) {

    /** CONNACK codes of MQTT 3.1.1 (and their MQTT 5 equivalents). */
    public enum Code {
        /** 0x02 */ IDENTIFIER_REJECTED,
        /** 0x03 */ SERVER_UNAVAILABLE,
        /** 0x04 */ BAD_USER_NAME_OR_PASSWORD,
        /** 0x05 */ NOT_AUTHORIZED
    }

    public static Refusal of(Code code, String reason) {
        return new Refusal(code, reason);
    }
}
