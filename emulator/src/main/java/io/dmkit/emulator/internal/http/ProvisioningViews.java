package io.dmkit.emulator.internal.http;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.dmkit.emulator.Endpoints;
import io.dmkit.emulator.EmulatorOptions;
import io.dmkit.emulator.internal.dps.AttestationType;
import io.dmkit.emulator.internal.dps.Enrollment;
import io.dmkit.emulator.internal.dps.EnrollmentGroup;
import io.dmkit.emulator.internal.dps.GroupCertificate;
import io.dmkit.emulator.internal.dps.RegistrationEvent;
import java.nio.file.Path;

/**
 * The JSON of the provisioning service's resources. As with devices, the lists leave keys out; one
 * enrollment or group ({@code PUT}, {@code GET …/{id}}) shows them. Files are absolute paths, named as
 * for devices ({@code certificateFile}, {@code privateKeyFile}).
 */
final class ProvisioningViews {

    private ProvisioningViews() {
    }

    /**
     * {@code {"idScope","globalEndpoint","caCertificate"}}: the global endpoint is the TLS host, with
     * {@code :port} when the MQTT TLS port is not DPS's 8883.
     */
    static JsonObject info(String idScope, Endpoints endpoints) {
        JsonObject view = new JsonObject();
        view.addProperty("idScope", idScope);
        view.addProperty("globalEndpoint", endpoints.host()
                + (endpoints.mqttTlsPort() == EmulatorOptions.DEFAULT_MQTT_TLS_PORT ? "" : ":" + endpoints.mqttTlsPort()));
        view.addProperty("caCertificate", endpoints.caCertificate().toAbsolutePath().toString());
        return view;
    }

    /** {@code {"registrationId","deviceId","provisioningStatus","attestation":{…},"payload"?}}. */
    static JsonObject enrollment(Enrollment enrollment, boolean withKeys) {
        JsonObject view = new JsonObject();
        view.addProperty("registrationId", enrollment.registrationId());
        view.addProperty("deviceId", enrollment.deviceId());
        view.addProperty("provisioningStatus", status(enrollment.enabled()));
        view.add("attestation", attestation(enrollment.type(), enrollment.primaryKey(), enrollment.secondaryKey(),
                enrollment.certificateFile(), enrollment.privateKeyFile(), withKeys));
        addPayload(view, enrollment.payloadJson());
        return view;
    }

    /** {@code {"groupId","provisioningStatus","attestation":{…},"payload"?}}; X.509: the files of the group's signing CA. */
    static JsonObject group(EnrollmentGroup group, boolean withKeys) {
        JsonObject view = new JsonObject();
        view.addProperty("groupId", group.groupId());
        view.addProperty("provisioningStatus", status(group.enabled()));
        view.add("attestation", attestation(group.type(), group.primaryKey(), group.secondaryKey(),
                group.caCertificateFile(), group.caKeyFile(), withKeys));
        addPayload(view, group.payloadJson());
        return view;
    }

    static JsonObject certificate(GroupCertificate certificate) {
        JsonObject view = new JsonObject();
        view.addProperty("groupId", certificate.groupId());
        view.addProperty("registrationId", certificate.registrationId());
        view.addProperty("certificateFile", absolute(certificate.certificateFile()));
        view.addProperty("privateKeyFile", absolute(certificate.privateKeyFile()));
        view.addProperty("chainFile", absolute(certificate.chainFile()));
        return view;
    }

    /** {@code {"registrationId","enrollment","status","substatus","deviceId","assignedHub","time","error"}}. */
    static JsonObject registration(RegistrationEvent event) {
        JsonObject view = new JsonObject();
        view.addProperty("registrationId", event.registrationId());
        view.addProperty("enrollment", event.enrollment());
        view.addProperty("status", event.status());
        view.addProperty("substatus", event.substatus());
        view.addProperty("deviceId", event.deviceId());
        view.addProperty("assignedHub", event.assignedHub());
        view.addProperty("time", event.time().toString());
        view.addProperty("error", event.error());
        return view;
    }

    private static JsonObject attestation(AttestationType type, String primaryKey, String secondaryKey,
            Path certificateFile, Path privateKeyFile, boolean withKeys) {
        JsonObject attestation = new JsonObject();
        attestation.addProperty("type", type.id());
        if (type == AttestationType.SYMMETRIC_KEY) {
            if (withKeys) {
                JsonObject keys = new JsonObject();
                keys.addProperty("primaryKey", primaryKey);
                keys.addProperty("secondaryKey", secondaryKey);
                attestation.add("symmetricKey", keys);
            }
        } else {
            JsonObject files = new JsonObject();
            files.addProperty("certificateFile", absolute(certificateFile));
            files.addProperty("privateKeyFile", absolute(privateKeyFile));
            attestation.add("x509", files);
        }
        return attestation;
    }

    private static String status(boolean enabled) {
        return enabled ? "enabled" : "disabled";
    }

    private static void addPayload(JsonObject view, String payloadJson) {
        if (payloadJson != null) {
            view.add("payload", JsonParser.parseString(payloadJson));
        }
    }

    private static String absolute(Path file) {
        return file == null ? null : file.toAbsolutePath().toString();
    }
}
