package io.dmkit.emulator.internal.fleet;

import io.dmkit.emulator.EmulatorException;
import io.dmkit.emulator.internal.broker.Thumbprints;
import io.dmkit.emulator.internal.cloud.ClaimConnections;
import io.dmkit.emulator.internal.cloud.CloudLink;
import io.dmkit.emulator.internal.registry.DeviceRegistry;
import io.dmkit.pki.ClientCredentials;
import io.dmkit.pki.KeyKind;
import io.dmkit.pki.LocalPki;
import io.dmkit.wire.text.Printable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AWS IoT fleet provisioning by claim, played by the emulator (protocols.md §8.2): claim certificates,
 * provisioning templates, the MQTT API for claim connections ({@link #connections()}) and the outcomes
 * of RegisterThing. Claims and templates are kept in the state directory's {@code provisioning/}
 * (owner-only files); the things it provisions go to the device registry like any other.
 */
public final class FleetProvisioning {

    private static final Logger LOG = LoggerFactory.getLogger(FleetProvisioning.class);
    private static final Pattern CLAIM_NAME = Pattern.compile("[A-Za-z0-9._:@-]{1,64}");
    private static final String DEFAULT_CLAIM_NAME = "claim";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final LocalPki pki;
    private final ClaimStore claims;
    private final TemplateStore templates;
    private final AwsRegistrations registrations;
    private final ClaimSessions sessions;
    private final Clock clock;

    private FleetProvisioning(LocalPki pki, ClaimStore claims, TemplateStore templates,
            AwsRegistrations registrations, ClaimSessions sessions, Clock clock) {
        this.pki = pki;
        this.claims = claims;
        this.templates = templates;
        this.registrations = registrations;
        this.sessions = sessions;
        this.clock = clock;
    }

    /**
     * @param dir where claims, templates and provisioned things' certificates are kept
     * @param executor the emulator's cloud thread: requests are served there
     * @param disconnectThing closes every connection of a thing (re-provisioned with a new certificate)
     */
    public static FleetProvisioning open(Path dir, LocalPki pki, DeviceRegistry registry, CloudLink link,
            Executor executor, Consumer<String> disconnectThing, Clock clock) {
        ClaimStore claims = new ClaimStore(dir.resolve("aws-claims.json"));
        TemplateStore templates = new TemplateStore(dir.resolve("aws-templates.json"));
        AwsRegistrations registrations = new AwsRegistrations();
        OwnershipTokens tokens = new OwnershipTokens(clock);
        ThingRegistrar registrar = new ThingRegistrar(templates, tokens, registry, dir.resolve("aws-certificates"),
                disconnectThing, registrations, clock);
        ClaimSessions sessions = new ClaimSessions(claims, new FleetCertificates(pki, tokens), registrar, link,
                executor);
        return new FleetProvisioning(pki, claims, templates, registrations, sessions, clock);
    }

    /** What the broker extension asks about claim connections. */
    public ClaimConnections connections() {
        return sessions;
    }

    /**
     * Issues a claim certificate and key (owner-only file) from the emulator's CA.
     *
     * @param name what the claim is for; {@code null} names it {@value #DEFAULT_CLAIM_NAME}
     * @throws EmulatorException 400 for an invalid name
     */
    public Claim createClaim(String name) {
        String claimName = name == null ? DEFAULT_CLAIM_NAME : name;
        if (!CLAIM_NAME.matcher(claimName).matches()) {
            throw new EmulatorException(400, "invalid claim name " + Printable.quote(claimName)
                    + ": use 1 to 64 characters from A-Z a-z 0-9 . _ - : @");
        }
        // A random part in the subject keeps two claims of one name from sharing files in pki/.
        byte[] unique = new byte[4];
        RANDOM.nextBytes(unique);
        ClientCredentials credentials = pki.client("claim-" + claimName + "-" + HexFormat.of().formatHex(unique),
                KeyKind.RSA_PKCS8);
        Claim claim = new Claim(Thumbprints.sha256(credentials.certificate()), claimName, credentials.cert(),
                credentials.key(), clock.instant());
        claims.add(claim);
        LOG.info("created provisioning claim {} ({})", claim.certificateId(), claimName);
        return claim;
    }

    public List<Claim> claims() {
        return claims.all();
    }

    /** Removes the claim, its files and its connections. False if unknown. */
    public boolean removeClaim(String certificateId) {
        Optional<Claim> removed = claims.remove(certificateId);
        removed.ifPresent(claim -> {
            sessions.disconnectAll(certificateId);
            deleteQuietly(claim.privateKeyFile());
            deleteQuietly(claim.certificateFile());
            LOG.info("removed provisioning claim {} ({})", certificateId, claim.name());
        });
        return removed.isPresent();
    }

    /** Adds or replaces the template of that name. */
    public void putTemplate(ProvisioningTemplate template) {
        templates.put(template);
        LOG.info("provisioning template {}: things {}<{}>{}", template.name(), template.thingNamePrefix(),
                template.thingNameParameter(), template.allowProvisioning() ? "" : ", provisioning refused");
    }

    public Optional<ProvisioningTemplate> template(String name) {
        return templates.get(name);
    }

    public List<ProvisioningTemplate> templates() {
        return templates.all();
    }

    /** False if there was no such template. */
    public boolean removeTemplate(String name) {
        return templates.remove(name);
    }

    /** The latest RegisterThing outcomes, oldest first. */
    public List<AwsRegistration> registrations() {
        return registrations.all();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", file, e.getMessage());
        }
    }
}
