package io.dmkit.emulator.internal.dps;

import io.dmkit.emulator.EmulatorException;
import io.dmkit.emulator.internal.broker.Thumbprints;
import io.dmkit.emulator.internal.cloud.CloudLink;
import io.dmkit.emulator.internal.cloud.ConnectionService;
import io.dmkit.emulator.internal.registry.DeviceIds;
import io.dmkit.pki.ClientCredentials;
import io.dmkit.pki.KeyKind;
import io.dmkit.pki.LocalPki;
import io.dmkit.pki.SigningAuthority;
import io.dmkit.transport.azure.protocol.SasToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulator's Device Provisioning Service: its id scope, enrollments and groups (kept in
 * {@code provisioning.json}), the credentials it issues for them (keys; certificates in
 * {@code pki/dps/}), its registration list and its faults, and the MQTT endpoint devices register
 * with ({@link #endpoint()}, on the hub's listener).
 */
public final class Provisioning {

    private static final Logger LOG = LoggerFactory.getLogger(Provisioning.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** DPS generates 64-byte symmetric keys. */
    private static final int KEY_BYTES = 64;

    private final ProvisioningStore store;
    private final LocalPki pki;
    private final Path certificates;
    private final RegistrationLog log = new RegistrationLog();
    private final DpsEndpoint endpoint;
    private final Clock clock;

    private Provisioning(ProvisioningStore store, LocalPki pki, Path certificates, ProvisioningHub hub,
            CloudLink link, Executor executor, Clock clock) {
        this.store = store;
        this.pki = pki;
        this.certificates = certificates;
        this.clock = clock;
        this.endpoint = new DpsEndpoint(link, executor, clock, store, new HubAssignment(hub, store, clock), log);
    }

    /**
     * The service kept in {@code stateDir} ({@code provisioning.json}, certificates under {@code pki/dps}).
     *
     * @param executor where device requests are answered (the emulator's cloud thread)
     */
    public static Provisioning open(Path stateDir, LocalPki pki, ProvisioningHub hub, CloudLink link,
            Executor executor, Clock clock) {
        ProvisioningStore store = ProvisioningStore.open(stateDir.resolve("provisioning.json"));
        return new Provisioning(store, pki, stateDir.resolve("pki").resolve("dps"), hub, link, executor, clock);
    }

    /** The MQTT side, for the broker extension. */
    public ConnectionService endpoint() {
        return endpoint;
    }

    public String idScope() {
        return store.idScope();
    }

    /**
     * Adds or replaces an individual enrollment, with new credentials unless the spec gives its keys.
     *
     * @throws EmulatorException 400 for an invalid registration or device id, or a key that is not base64
     */
    public Enrollment putEnrollment(String registrationId, EnrollmentSpec spec) {
        RegistrationIds.require("registration id", registrationId);
        String deviceId = DeviceIds.require(spec.deviceId() == null ? registrationId : spec.deviceId());
        Enrollment enrollment;
        if (spec.type() == AttestationType.SYMMETRIC_KEY) {
            enrollment = new Enrollment(registrationId, deviceId, spec.enabled(), spec.type(),
                    keyOrNew(spec.primaryKey()), keyOrNew(spec.secondaryKey()), null, null, null, spec.payloadJson());
        } else {
            refuseKeys(spec);
            Path dir = certificates.resolve("enrollments");
            ClientCredentials credentials = pki.client(registrationId, KeyKind.RSA_PKCS8,
                    dir.resolve(registrationId + ".crt"), dir.resolve(registrationId + ".key"));
            enrollment = new Enrollment(registrationId, deviceId, spec.enabled(), spec.type(), null, null,
                    credentials.cert(), credentials.key(), Thumbprints.sha256(credentials.certificate()),
                    spec.payloadJson());
        }
        store.put(enrollment);
        LOG.info("DPS enrollment {}", enrollment);
        return enrollment;
    }

    public List<Enrollment> enrollments() {
        return store.enrollments();
    }

    public Optional<Enrollment> enrollment(String registrationId) {
        return store.enrollment(registrationId);
    }

    public boolean removeEnrollment(String registrationId) {
        Optional<Enrollment> removed = store.removeEnrollment(registrationId);
        removed.ifPresent(e -> LOG.info("removed the DPS enrollment {}", e));
        return removed.isPresent();
    }

    /**
     * Adds or replaces an enrollment group: new keys unless given (symmetric key), or a new signing CA
     * issued by the emulator's CA (X.509).
     *
     * @throws EmulatorException 400 for an invalid group id or a key that is not base64
     */
    public EnrollmentGroup putGroup(String groupId, EnrollmentSpec spec) {
        RegistrationIds.require("group id", groupId);
        if (spec.deviceId() != null) {
            throw new EmulatorException(400, "a group's devices get their registration id as device id: no deviceId");
        }
        EnrollmentGroup group;
        if (spec.type() == AttestationType.SYMMETRIC_KEY) {
            group = new EnrollmentGroup(groupId, spec.enabled(), spec.type(), keyOrNew(spec.primaryKey()),
                    keyOrNew(spec.secondaryKey()), null, null, spec.payloadJson());
        } else {
            refuseKeys(spec);
            Path dir = groupDir(groupId);
            SigningAuthority ca = pki.signingAuthority("dmkit DPS group " + groupId, dir.resolve("ca.crt"),
                    dir.resolve("ca.key"));
            group = new EnrollmentGroup(groupId, spec.enabled(), spec.type(), null, null, ca.certFile(), ca.keyFile(),
                    spec.payloadJson());
        }
        store.put(group);
        LOG.info("DPS enrollment group {}", group);
        return group;
    }

    public List<EnrollmentGroup> groups() {
        return store.groups();
    }

    public Optional<EnrollmentGroup> group(String groupId) {
        return store.group(groupId);
    }

    public boolean removeGroup(String groupId) {
        Optional<EnrollmentGroup> removed = store.removeGroup(groupId);
        removed.ifPresent(g -> LOG.info("removed the DPS enrollment group {}", g));
        return removed.isPresent();
    }

    /**
     * A device certificate (CN = {@code registrationId}) signed by an X.509 group's CA, its key and its
     * chain file, so that a device can try group attestation with files only.
     *
     * @throws EmulatorException 404 for an unknown group, 400 for a symmetric-key group or an invalid id
     */
    public GroupCertificate issueGroupCertificate(String groupId, String registrationId) {
        RegistrationIds.require("registration id", registrationId);
        EnrollmentGroup group = store.group(groupId)
                .orElseThrow(() -> new EmulatorException(404, "there is no enrollment group '" + groupId + "'"));
        if (group.type() != AttestationType.X509) {
            throw new EmulatorException(400, "group '" + groupId + "' uses symmetric keys: its devices derive their"
                    + " key from the group key, they need no certificate");
        }
        SigningAuthority ca = SigningAuthority.load(group.caCertificateFile(), group.caKeyFile());
        Path dir = groupDir(group.groupId()).resolve("devices");
        ClientCredentials device = ca.client(registrationId, KeyKind.RSA_PKCS8, dir.resolve(registrationId + ".crt"),
                dir.resolve(registrationId + ".key"));
        Path chain = dir.resolve(registrationId + "-chain.crt");
        try {
            Files.writeString(chain, device.certPem() + ca.certificatePem(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + chain, e);
        }
        LOG.info("DPS group {} issued a device certificate for {}", group.groupId(), registrationId);
        return new GroupCertificate(group.groupId(), registrationId, device.cert(), device.key(), chain);
    }

    /** The latest registration attempts, oldest first. */
    public List<RegistrationEvent> registrations() {
        return log.all();
    }

    /** Answer register requests and polls with 429 (and {@code retry-after}) for {@code duration}. */
    public void throttle(Duration duration) {
        endpoint.throttleUntil(clock.instant().plus(duration));
        LOG.info("DPS throttles registrations for {} s (fault injection)", duration.toSeconds());
    }

    private Path groupDir(String groupId) {
        return certificates.resolve("groups").resolve(groupId);
    }

    private static void refuseKeys(EnrollmentSpec spec) {
        if (spec.primaryKey() != null || spec.secondaryKey() != null) {
            throw new EmulatorException(400, "an x509 attestation takes no symmetric keys");
        }
    }

    private static String keyOrNew(String key) {
        if (key == null) {
            byte[] bytes = new byte[KEY_BYTES];
            RANDOM.nextBytes(bytes);
            return Base64.getEncoder().encodeToString(bytes);
        }
        Optional<String> problem = SasToken.keyProblem(key);
        if (problem.isPresent()) {
            throw new EmulatorException(400, "a symmetric key must be base64 of at least 16 bytes; the one given "
                    + problem.get());
        }
        if (Base64.getDecoder().decode(key.strip()).length < 16) {
            throw new EmulatorException(400, "a symmetric key must be base64 of at least 16 bytes");
        }
        return key.strip();
    }
}
