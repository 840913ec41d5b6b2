package io.dmkit.emulator.internal.fleet;

import com.google.gson.JsonObject;
import io.dmkit.emulator.AuthKind;
import io.dmkit.emulator.Device;
import io.dmkit.emulator.Dialect;
import io.dmkit.emulator.internal.registry.DeviceRegistry;
import io.dmkit.pki.LocalPki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RegisterThing: checks the template, the ownership token and the parameters, then creates the thing in
 * the device registry (dialect {@code aws}, auth {@code x509}, the new certificate's file and
 * thumbprint), so the device can reconnect as that thing with that certificate at once. Every outcome
 * is recorded in {@link AwsRegistrations}.
 *
 * <p>A thing that exists already (an AWS one) gets the new certificate in place of its old one and its
 * connections are closed, as {@code PUT /api/devices/{id}} does; a device of another dialect with that
 * name is not touched (400 ResourceRegistrationFailure). A rejected request does not use the token up.
 */
final class ThingRegistrar {

    private static final Logger LOG = LoggerFactory.getLogger(ThingRegistrar.class);

    private final TemplateStore templates;
    private final OwnershipTokens tokens;
    private final DeviceRegistry registry;
    private final Path certificates;
    private final Consumer<String> disconnectThing;
    private final AwsRegistrations registrations;
    private final Clock clock;

    /**
     * @param certificates the directory where registered things' certificates are written
     * @param disconnectThing closes every connection of a thing (its certificate was replaced)
     */
    ThingRegistrar(TemplateStore templates, OwnershipTokens tokens, DeviceRegistry registry, Path certificates,
            Consumer<String> disconnectThing, AwsRegistrations registrations, Clock clock) {
        this.templates = templates;
        this.tokens = tokens;
        this.registry = registry;
        this.certificates = certificates;
        this.disconnectThing = disconnectThing;
        this.registrations = registrations;
        this.clock = clock;
    }

    /**
     * {@code /accepted} of RegisterThing: {@code {deviceConfiguration, thingName}}.
     *
     * @throws RejectedRequest what {@code /rejected} says (docs/emulator.md lists the cases)
     */
    JsonObject register(String templateName, byte[] payload) throws RejectedRequest {
        String thingName = null;
        try {
            JsonObject request = FleetPayloads.object(payload);
            ProvisioningTemplate template = templates.get(templateName)
                    .orElseThrow(() -> new RejectedRequest(FleetRejection.templateNotFound(templateName)));
            OwnershipTokens.Issued issued = tokens.check(
                    FleetPayloads.optionalString(request, "certificateOwnershipToken"));
            Map<String, String> parameters = FleetPayloads.stringMap(request, "parameters");
            thingName = template.thingName(parameters);
            createThing(thingName, issued);
            tokens.redeem(issued);
            registrations.record(new AwsRegistration(thingName, templateName, AwsRegistration.ACCEPTED,
                    clock.instant(), null));
            LOG.info("provisioned thing {} with template {} (certificate {})", thingName, templateName,
                    issued.certificateId());
            return accepted(thingName, template);
        } catch (RejectedRequest e) {
            registrations.record(new AwsRegistration(thingName, templateName, AwsRegistration.REJECTED,
                    clock.instant(), e.getMessage()));
            throw e;
        }
    }

    private void createThing(String thingName, OwnershipTokens.Issued issued) throws RejectedRequest {
        Optional<Device> existing = registry.get(thingName);
        if (existing.isPresent() && existing.get().dialect() != Dialect.AWS) {
            throw new RejectedRequest(FleetRejection.registrationFailed("The name " + thingName + " is taken by a "
                    + existing.get().dialect().id() + " device of the emulator."));
        }
        Path certificateFile = writeCertificate(issued);
        registry.put(new Device(thingName, Dialect.AWS, AuthKind.X509, null, certificateFile, null,
                issued.certificateId()));
        if (existing.isPresent()) {
            disconnectThing.accept(thingName);
        }
    }

    /** The certificate is public: an ordinary file. The device holds the key (AWS keeps none either). */
    private Path writeCertificate(OwnershipTokens.Issued issued) {
        Path file = certificates.resolve(issued.certificateId() + ".crt");
        try {
            Files.createDirectories(certificates);
            Files.writeString(file, LocalPki.pem(issued.certificate()), StandardCharsets.US_ASCII);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the certificate " + file, e);
        }
    }

    private static JsonObject accepted(String thingName, ProvisioningTemplate template) {
        JsonObject configuration = new JsonObject();
        template.sortedConfiguration().forEach(configuration::addProperty);
        JsonObject accepted = new JsonObject();
        accepted.add("deviceConfiguration", configuration);
        accepted.addProperty("thingName", thingName);
        return accepted;
    }
}
