package io.dmkit.emulator.internal.http;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.dmkit.emulator.Emulator;
import io.dmkit.emulator.EmulatorException;
import io.dmkit.emulator.internal.dps.AttestationType;
import io.dmkit.emulator.internal.dps.EnrollmentSpec;
import io.dmkit.emulator.internal.dps.Provisioning;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * {@code /api/provisioning…}: the emulator's Device Provisioning Service: its id scope and endpoint,
 * individual enrollments, enrollment groups (and device certificates of X.509 groups), the registration
 * list and its faults.
 */
final class ProvisioningResource {

    private final Emulator emulator;

    ProvisioningResource(Emulator emulator) {
        this.emulator = emulator;
    }

    /** {@code GET /api/provisioning}: {@code {"idScope","globalEndpoint","caCertificate"}}. */
    Response info(Request request) {
        request.query().allowOnly(Set.of());
        return Response.ok(ProvisioningViews.info(dps().idScope(), emulator.endpoints()));
    }

    /** {@code GET /api/provisioning/enrollments}: every enrollment, without keys. */
    Response enrollments(Request request) {
        request.query().allowOnly(Set.of());
        JsonArray list = new JsonArray();
        dps().enrollments().forEach(enrollment -> list.add(ProvisioningViews.enrollment(enrollment, false)));
        return Response.ok(list);
    }

    /** {@code GET /api/provisioning/enrollments/{registrationId}}: the enrollment with its keys. */
    Response enrollment(Request request) {
        request.query().allowOnly(Set.of());
        String id = request.path("registrationId");
        return Response.ok(ProvisioningViews.enrollment(dps().enrollment(id).orElseThrow(
                () -> new EmulatorException(404, "there is no enrollment '" + id + "'")), true));
    }

    /**
     * {@code PUT /api/provisioning/enrollments/{registrationId}} with
     * {@code {"attestation":{"type":…,"symmetricKey":{"primaryKey"?,"secondaryKey"?}?},"deviceId"?,
     * "provisioningStatus"?,"payload"?}}: the enrollment with its credentials.
     */
    Response putEnrollment(Request request) throws Exception {
        request.query().allowOnly(Set.of());
        EnrollmentSpec spec = spec(JsonBodies.object(request.body()), true);
        return Response.ok(ProvisioningViews.enrollment(dps().putEnrollment(request.path("registrationId"), spec), true));
    }

    Response removeEnrollment(Request request) {
        request.query().allowOnly(Set.of());
        String id = request.path("registrationId");
        if (!dps().removeEnrollment(id)) {
            throw new EmulatorException(404, "there is no enrollment '" + id + "'");
        }
        return Response.noContent();
    }

    Response groups(Request request) {
        request.query().allowOnly(Set.of());
        JsonArray list = new JsonArray();
        dps().groups().forEach(group -> list.add(ProvisioningViews.group(group, false)));
        return Response.ok(list);
    }

    Response group(Request request) {
        request.query().allowOnly(Set.of());
        String id = request.path("groupId");
        return Response.ok(ProvisioningViews.group(dps().group(id).orElseThrow(
                () -> new EmulatorException(404, "there is no enrollment group '" + id + "'")), true));
    }

    /** {@code PUT /api/provisioning/groups/{groupId}}: as an enrollment, without {@code deviceId}. */
    Response putGroup(Request request) throws Exception {
        request.query().allowOnly(Set.of());
        EnrollmentSpec spec = spec(JsonBodies.object(request.body()), false);
        return Response.ok(ProvisioningViews.group(dps().putGroup(request.path("groupId"), spec), true));
    }

    Response removeGroup(Request request) {
        request.query().allowOnly(Set.of());
        String id = request.path("groupId");
        if (!dps().removeGroup(id)) {
            throw new EmulatorException(404, "there is no enrollment group '" + id + "'");
        }
        return Response.noContent();
    }

    /**
     * {@code POST /api/provisioning/groups/{groupId}/certificates} with {@code {"registrationId":…}}:
     * {@code {"groupId","registrationId","certificateFile","privateKeyFile","chainFile"}}.
     */
    Response issueCertificate(Request request) throws Exception {
        request.query().allowOnly(Set.of());
        JsonObject body = JsonBodies.object(request.body());
        String registrationId = JsonBodies.requiredString(body, "registrationId");
        return Response.ok(ProvisioningViews.certificate(
                dps().issueGroupCertificate(request.path("groupId"), registrationId)));
    }

    /**
     * {@code GET /api/provisioning/registrations}: the latest registration attempts of both services, oldest
     * first, each with {@code "service"}: {@code "dps"} (registrationId, enrollment, status, substatus,
     * deviceId, assignedHub, time, error) or {@code "aws-fleet"} (thingName, template, status, time, error).
     */
    Response registrations(Request request) {
        request.query().allowOnly(Set.of());
        List<JsonObject> all = new ArrayList<>();
        dps().registrations().forEach(event -> all.add(tagged("dps", ProvisioningViews.registration(event))));
        FleetResource.registrations(emulator).forEach(e -> all.add(tagged("aws-fleet", e.getAsJsonObject())));
        all.sort(Comparator.comparing(e -> Instant.parse(e.get("time").getAsString())));
        JsonArray list = new JsonArray();
        all.forEach(list::add);
        return Response.ok(list);
    }

    private static JsonObject tagged(String service, JsonObject registration) {
        JsonObject view = new JsonObject();
        view.addProperty("service", service);
        registration.entrySet().forEach(e -> view.add(e.getKey(), e.getValue()));
        return view;
    }

    /** {@code POST /api/provisioning/faults} with {@code {"type":"throttle","seconds":N}}: 204. */
    Response inject(Request request) throws Exception {
        request.query().allowOnly(Set.of());
        JsonObject body = JsonBodies.object(request.body());
        String type = JsonBodies.requiredString(body, "type");
        if (!type.equals("throttle")) {
            throw new IllegalArgumentException("unknown provisioning fault type '" + type + "': use throttle");
        }
        dps().throttle(Duration.ofSeconds(JsonBodies.requiredInt(body, "seconds", 1, FaultResource.MAX_SECONDS)));
        return Response.noContent();
    }

    private Provisioning dps() {
        Provisioning provisioning = emulator.provisioning();
        if (provisioning == null) {
            throw new EmulatorException(503, "the provisioning service is not running");
        }
        return provisioning;
    }

    private static EnrollmentSpec spec(JsonObject body, boolean individual) {
        JsonObject attestation = JsonBodies.requiredObject(body, "attestation");
        AttestationType type = AttestationType.parse(JsonBodies.requiredString(attestation, "type"));
        String primaryKey = null;
        String secondaryKey = null;
        JsonElement keys = attestation.get("symmetricKey");
        if (keys != null && !keys.isJsonNull()) {
            JsonObject symmetricKey = JsonBodies.requiredObject(attestation, "symmetricKey");
            primaryKey = JsonBodies.optionalString(symmetricKey, "primaryKey");
            secondaryKey = JsonBodies.optionalString(symmetricKey, "secondaryKey");
        }
        String deviceId = JsonBodies.optionalString(body, "deviceId");
        if (!individual && deviceId != null) {
            throw new IllegalArgumentException("a group takes no \"deviceId\": its devices are named by their"
                    + " registration ids");
        }
        String status = JsonBodies.optionalString(body, "provisioningStatus");
        if (status != null && !status.equals("enabled") && !status.equals("disabled")) {
            throw new IllegalArgumentException("\"provisioningStatus\" must be \"enabled\" or \"disabled\"");
        }
        JsonElement payload = body.get("payload");
        if (payload != null && !payload.isJsonNull() && !payload.isJsonObject()) {
            throw new IllegalArgumentException("\"payload\" must be a JSON object");
        }
        return new EnrollmentSpec(type, deviceId, !"disabled".equals(status), primaryKey, secondaryKey,
                payload == null || payload.isJsonNull() ? null : payload.toString());
    }
}
