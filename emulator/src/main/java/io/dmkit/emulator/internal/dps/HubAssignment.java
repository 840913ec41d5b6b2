package io.dmkit.emulator.internal.dps;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.dmkit.emulator.AuthKind;
import io.dmkit.emulator.Device;
import io.dmkit.emulator.Dialect;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assigns an attested device to the emulator's one IoT Hub and writes the registration state DPS returns.
 * The hub device gets the credentials the device proved (its symmetric key, or its certificate's
 * thumbprint), so it can connect to the hub at once. A device that is already there with those
 * credentials is left alone (its connection and twin untouched); with other credentials it is replaced,
 * keeping its twin. A device id taken by a device of another dialect fails the registration.
 *
 * <p>Substatus: DPS's other values ({@code deviceDataMigrated}, {@code deviceDataReset},
 * {@code reprovisionedToInitialAssignment}) all describe a move between hubs; with one hub every
 * assignment, a re-registration included, is {@code initialAssignment}. A re-registration keeps the
 * first {@code createdDateTimeUtc} and gets a new {@code etag} and {@code lastUpdatedDateTimeUtc}.
 */
final class HubAssignment {

    private static final Logger LOG = LoggerFactory.getLogger(HubAssignment.class);

    /** The registration state and what the registration list says about it. */
    record Outcome(JsonObject registrationState, String status, String substatus, String error) {
    }

    private final ProvisioningHub hub;
    private final ProvisioningStore store;
    private final Clock clock;

    HubAssignment(ProvisioningHub hub, ProvisioningStore store, Clock clock) {
        this.hub = hub;
        this.store = store;
        this.clock = clock;
    }

    Outcome assign(Attested attested) {
        Instant now = clock.instant();
        Instant created = store.assignment(attested.registrationId()).map(Assignment::created).orElse(now);
        String etag = etag();
        if (!attested.enabled()) {
            JsonObject state = state(attested.registrationId(), created, now, etag, "disabled");
            return new Outcome(state, "disabled", null, "the enrollment (" + attested.enrollment() + ") is disabled");
        }
        Device existing = hub.device(attested.deviceId()).orElse(null);
        if (existing != null && existing.dialect() != Dialect.AZURE) {
            String error = "the device id '" + attested.deviceId() + "' is taken by a " + existing.dialect().id()
                    + " device of the emulator";
            JsonObject state = state(attested.registrationId(), created, now, etag, "failed");
            state.addProperty("errorCode", 409201);
            state.addProperty("errorMessage", error);
            return new Outcome(state, "failed", null, error);
        }
        Device wanted = device(attested);
        if (existing == null || !sameCredentials(existing, wanted)) {
            hub.put(wanted);
            LOG.info("DPS assigned {} ({}) to the hub as {}", attested.registrationId(), attested.enrollment(),
                    wanted);
        } else {
            LOG.info("DPS assigned {} ({}) to the hub again as {}: unchanged", attested.registrationId(),
                    attested.enrollment(), existing);
        }
        store.put(new Assignment(attested.registrationId(), attested.deviceId(), created, now, etag));
        JsonObject state = state(attested.registrationId(), created, now, etag, "assigned");
        state.addProperty("assignedHub", hub.hostName());
        state.addProperty("deviceId", attested.deviceId());
        state.addProperty("substatus", "initialAssignment");
        if (attested.payloadJson() != null) {
            state.add("payload", JsonParser.parseString(attested.payloadJson()));
        }
        return new Outcome(state, "assigned", "initialAssignment", null);
    }

    String hostName() {
        return hub.hostName();
    }

    private static Device device(Attested attested) {
        return attested.type() == AttestationType.SYMMETRIC_KEY
                ? new Device(attested.deviceId(), Dialect.AZURE, AuthKind.SAS, attested.deviceKey(), null, null, null)
                : new Device(attested.deviceId(), Dialect.AZURE, AuthKind.X509, null, attested.certificateFile(),
                        attested.privateKeyFile(), attested.thumbprint());
    }

    private static boolean sameCredentials(Device existing, Device wanted) {
        return existing.auth() == wanted.auth() && Objects.equals(existing.key(), wanted.key())
                && Objects.equals(existing.thumbprint(), wanted.thumbprint());
    }

    private static JsonObject state(String registrationId, Instant created, Instant now, String etag, String status) {
        JsonObject state = new JsonObject();
        state.addProperty("registrationId", registrationId);
        state.addProperty("createdDateTimeUtc", created.toString());
        state.addProperty("status", status);
        state.addProperty("etag", etag);
        state.addProperty("lastUpdatedDateTimeUtc", now.toString());
        return state;
    }

    /** DPS's etags are base64 of a quoted GUID. */
    private static String etag() {
        return Base64.getEncoder().encodeToString(("\"" + UUID.randomUUID() + "\"").getBytes(StandardCharsets.UTF_8));
    }
}
