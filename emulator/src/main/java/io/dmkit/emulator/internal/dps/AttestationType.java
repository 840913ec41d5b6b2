package io.dmkit.emulator.internal.dps;

import java.util.Arrays;

/** How a device proves it is enrolled: {@code symmetricKey} (a SAS token) or {@code x509} (a client certificate). */
public enum AttestationType {
    SYMMETRIC_KEY("symmetricKey"),
    X509("x509");

    private final String id;

    AttestationType(String id) {
        this.id = id;
    }

    /** The name DPS's API uses. */
    public String id() {
        return id;
    }

    /** @throws IllegalArgumentException naming the types there are */
    public static AttestationType parse(String id) {
        return Arrays.stream(values()).filter(type -> type.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown attestation type '" + id
                        + "': use symmetricKey or x509 (TPM is not emulated)"));
    }
}
