package io.dmkit.emulator.internal.http;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.dmkit.emulator.Emulator;
import io.dmkit.emulator.EmulatorException;
import io.dmkit.emulator.internal.fleet.Claim;
import io.dmkit.emulator.internal.fleet.FleetProvisioning;
import io.dmkit.emulator.internal.fleet.ProvisioningTemplate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/provisioning/claims…} and {@code …/templates…}: AWS fleet provisioning's claims and
 * templates; its registrations are listed with DPS's by {@link ProvisioningResource}. The answer that creates a claim names its key file (the file, never the key).
 */
final class FleetResource {

    private final Emulator emulator;

    FleetResource(Emulator emulator) {
        this.emulator = emulator;
    }

    /** The routes, for the table in {@link HttpApi}. */
    static List<Route> routes(Emulator emulator) {
        FleetResource resource = new FleetResource(emulator);
        return List.of(
                Route.at("api/provisioning/claims").get(resource::claims).post(resource::createClaim),
                Route.at("api/provisioning/claims/{certificateId}").delete(resource::removeClaim),
                Route.at("api/provisioning/templates").get(resource::templates),
                Route.at("api/provisioning/templates/{template}").get(resource::template).put(resource::putTemplate)
                        .delete(resource::removeTemplate));
    }

    /** {@code POST /api/provisioning/claims} with an optional {@code {"name":…}}: the claim and how to connect. */
    Response createClaim(Request request) throws Exception {
        request.query().allowOnly(Set.of());
        byte[] body = request.body(); // the stream can be read once
        String name = body.length == 0 ? null : JsonBodies.optionalString(JsonBodies.object(body), "name");
        Claim claim = fleet().createClaim(name);
        return Response.ok(FleetViews.createdClaim(claim, emulator.endpoints()));
    }

    /** {@code GET /api/provisioning/claims}: {@code [{"certificateId","name","created","certificateFile","privateKeyFile"}]}. */
    Response claims(Request request) {
        request.query().allowOnly(Set.of());
        JsonArray claims = new JsonArray();
        fleet().claims().forEach(claim -> claims.add(FleetViews.claim(claim)));
        return Response.ok(claims);
    }

    /** {@code DELETE /api/provisioning/claims/{certificateId}}: 204; its connections are closed. */
    Response removeClaim(Request request) {
        request.query().allowOnly(Set.of());
        String certificateId = request.path("certificateId");
        if (!fleet().removeClaim(certificateId)) {
            throw new EmulatorException(404, "there is no provisioning claim '" + certificateId + "'");
        }
        return Response.noContent();
    }

    Response templates(Request request) {
        request.query().allowOnly(Set.of());
        JsonArray templates = new JsonArray();
        fleet().templates().forEach(template -> templates.add(FleetViews.template(template)));
        return Response.ok(templates);
    }

    Response template(Request request) {
        request.query().allowOnly(Set.of());
        String name = request.path("template");
        return Response.ok(FleetViews.template(fleet().template(name)
                .orElseThrow(() -> new EmulatorException(404, "there is no provisioning template '" + name + "'"))));
    }

    /**
     * {@code PUT /api/provisioning/templates/{template}} with {@code {"thingNamePrefix":…,
     * "thingNameParameter"?:…,"allowProvisioning"?:…,"deviceConfiguration"?:{…}}}: the template.
     */
    Response putTemplate(Request request) throws Exception {
        request.query().allowOnly(Set.of());
        JsonObject body = JsonBodies.object(request.body());
        for (String member : body.keySet()) {
            if (!FleetViews.TEMPLATE_MEMBERS.contains(member)) {
                throw new IllegalArgumentException("unknown member \"" + member + "\"; a template takes "
                        + String.join(", ", FleetViews.TEMPLATE_MEMBERS));
            }
        }
        String parameter = JsonBodies.optionalString(body, "thingNameParameter");
        ProvisioningTemplate template = new ProvisioningTemplate(request.path("template"),
                JsonBodies.requiredString(body, "thingNamePrefix"),
                parameter == null ? ProvisioningTemplate.DEFAULT_THING_NAME_PARAMETER : parameter,
                optionalBoolean(body, "allowProvisioning", true), stringMap(body, "deviceConfiguration"));
        fleet().putTemplate(template);
        return Response.ok(FleetViews.template(template));
    }

    Response removeTemplate(Request request) {
        request.query().allowOnly(Set.of());
        String name = request.path("template");
        if (!fleet().removeTemplate(name)) {
            throw new EmulatorException(404, "there is no provisioning template '" + name + "'");
        }
        return Response.noContent();
    }

    /** The registrations the fleet provisioning answered, oldest first: {@code {"thingName","template","status","time","error"}}. */
    static JsonArray registrations(Emulator emulator) {
        JsonArray registrations = new JsonArray();
        emulator.fleetProvisioning().registrations()
                .forEach(registration -> registrations.add(FleetViews.registration(registration)));
        return registrations;
    }

    private FleetProvisioning fleet() {
        return emulator.fleetProvisioning();
    }

    private static boolean optionalBoolean(JsonObject object, String member, boolean absent) {
        JsonElement value = object.get(member);
        if (value == null || value.isJsonNull()) {
            return absent;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isBoolean()) {
            throw new IllegalArgumentException("\"" + member + "\" must be true or false");
        }
        return value.getAsBoolean();
    }

    /** An object of string values (what the SDK's RegisterThingResponse can carry); empty when absent. */
    private static Map<String, String> stringMap(JsonObject object, String member) {
        JsonElement value = object.get(member);
        Map<String, String> map = new LinkedHashMap<>();
        if (value == null || value.isJsonNull()) {
            return map;
        }
        String rule = "\"" + member + "\" must be an object of string values";
        if (!value.isJsonObject()) {
            throw new IllegalArgumentException(rule);
        }
        for (Map.Entry<String, JsonElement> entry : value.getAsJsonObject().entrySet()) {
            if (!entry.getValue().isJsonPrimitive() || !entry.getValue().getAsJsonPrimitive().isString()) {
                throw new IllegalArgumentException(rule);
            }
            map.put(entry.getKey(), entry.getValue().getAsString());
        }
        return map;
    }
}
