package io.dmkit.emulator.internal.http;

import com.google.gson.JsonObject;
import io.dmkit.emulator.Endpoints;
import io.dmkit.emulator.internal.fleet.AwsRegistration;
import io.dmkit.emulator.internal.fleet.Claim;
import io.dmkit.emulator.internal.fleet.ProvisioningTemplate;
import java.util.List;

/** The JSON of fleet provisioning's claims, templates and registrations. */
final class FleetViews {

    static final List<String> TEMPLATE_MEMBERS = List.of("thingNamePrefix", "thingNameParameter", "allowProvisioning",
            "deviceConfiguration");

    private FleetViews() {
    }

    /** {@code {"certificateId","name","created","certificateFile","privateKeyFile"}}: the files, as DeviceViews names them. */
    static JsonObject claim(Claim claim) {
        JsonObject view = new JsonObject();
        view.addProperty("certificateId", claim.certificateId());
        view.addProperty("name", claim.name());
        view.addProperty("created", claim.created().toString());
        view.addProperty("certificateFile", claim.certificateFile().toAbsolutePath().toString());
        view.addProperty("privateKeyFile", claim.privateKeyFile().toAbsolutePath().toString());
        return view;
    }

    /** A new claim: {@link #claim} plus {@code "caCertificate"} and {@code "connect":{"host","port"}}. */
    static JsonObject createdClaim(Claim claim, Endpoints endpoints) {
        JsonObject view = claim(claim);
        view.addProperty("caCertificate", endpoints.caCertificate().toAbsolutePath().toString());
        JsonObject connect = new JsonObject();
        connect.addProperty("host", endpoints.host());
        connect.addProperty("port", endpoints.mqttTlsPort());
        view.add("connect", connect);
        return view;
    }

    /** {@code {"name","thingNamePrefix","thingNameParameter","allowProvisioning","deviceConfiguration"}}. */
    static JsonObject template(ProvisioningTemplate template) {
        JsonObject view = new JsonObject();
        view.addProperty("name", template.name());
        view.addProperty("thingNamePrefix", template.thingNamePrefix());
        view.addProperty("thingNameParameter", template.thingNameParameter());
        view.addProperty("allowProvisioning", template.allowProvisioning());
        JsonObject configuration = new JsonObject();
        template.sortedConfiguration().forEach(configuration::addProperty);
        view.add("deviceConfiguration", configuration);
        return view;
    }

    /** {@code {"thingName","template","status","time","error"}}; {@code thingName} and {@code error} may be null. */
    static JsonObject registration(AwsRegistration registration) {
        JsonObject view = new JsonObject();
        view.addProperty("thingName", registration.thingName());
        view.addProperty("template", registration.template());
        view.addProperty("status", registration.status());
        view.addProperty("time", registration.time().toString());
        view.addProperty("error", registration.error());
        return view;
    }
}
