package io.dmkit.emulator.internal.dps;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import io.dmkit.emulator.internal.registry.OwnerOnlyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the provisioning service keeps in {@code provisioning.json} in the state directory: its id scope
 * (made once, so gateways configured with it keep working across restarts), the enrollments and groups
 * (with their keys: the file is owner-only) and the registration states of assigned devices. Every
 * change rewrites the file atomically. A file that cannot be read is moved aside
 * ({@code provisioning.json.broken-<time>}) with a warning. Thread-safe.
 */
final class ProvisioningStore {

    private static final Logger LOG = LoggerFactory.getLogger(ProvisioningStore.class);
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private String idScope;
    private final Map<String, Enrollment> enrollments = new LinkedHashMap<>();
    private final Map<String, EnrollmentGroup> groups = new LinkedHashMap<>();
    private final Map<String, Assignment> assignments = new LinkedHashMap<>();

    private ProvisioningStore(Path file) {
        this.file = file;
    }

    static ProvisioningStore open(Path file) {
        ProvisioningStore store = new ProvisioningStore(file);
        if (Files.exists(file)) {
            try {
                store.load(GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), Stored.class));
            } catch (IOException | JsonParseException | IllegalArgumentException | NullPointerException e) {
                Path aside = file.resolveSibling(file.getFileName() + ".broken-" + System.currentTimeMillis());
                LOG.warn("cannot read the provisioning state {} ({}); moved it to {} and starting with a new id scope"
                        + " and no enrollments", file, e.getMessage(), aside);
                try {
                    Files.move(file, aside);
                } catch (IOException moveFailed) {
                    throw new UncheckedIOException("cannot move the unreadable provisioning state aside", moveFailed);
                }
                store.enrollments.clear();
                store.groups.clear();
                store.assignments.clear();
                store.idScope = null;
            }
        }
        if (store.idScope == null) {
            store.idScope = newIdScope();
            store.save();
        }
        return store;
    }

    /** {@code 0ne} and eight upper-case hex digits, the shape of DPS's id scopes. */
    static String newIdScope() {
        byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
        return "0ne" + HexFormat.of().withUpperCase().formatHex(bytes);
    }

    synchronized String idScope() {
        return idScope;
    }

    synchronized Optional<Enrollment> enrollment(String registrationId) {
        return Optional.ofNullable(enrollments.get(RegistrationIds.key(registrationId)));
    }

    synchronized List<Enrollment> enrollments() {
        List<Enrollment> all = new ArrayList<>(enrollments.values());
        all.sort(Comparator.comparing(Enrollment::registrationId));
        return all;
    }

    synchronized void put(Enrollment enrollment) {
        enrollments.put(RegistrationIds.key(enrollment.registrationId()), enrollment);
        save();
    }

    synchronized Optional<Enrollment> removeEnrollment(String registrationId) {
        Optional<Enrollment> removed = Optional.ofNullable(enrollments.remove(RegistrationIds.key(registrationId)));
        removed.ifPresent(e -> save());
        return removed;
    }

    synchronized Optional<EnrollmentGroup> group(String groupId) {
        return Optional.ofNullable(groups.get(RegistrationIds.key(groupId)));
    }

    synchronized List<EnrollmentGroup> groups() {
        List<EnrollmentGroup> all = new ArrayList<>(groups.values());
        all.sort(Comparator.comparing(EnrollmentGroup::groupId));
        return all;
    }

    synchronized void put(EnrollmentGroup group) {
        groups.put(RegistrationIds.key(group.groupId()), group);
        save();
    }

    synchronized Optional<EnrollmentGroup> removeGroup(String groupId) {
        Optional<EnrollmentGroup> removed = Optional.ofNullable(groups.remove(RegistrationIds.key(groupId)));
        removed.ifPresent(g -> save());
        return removed;
    }

    synchronized Optional<Assignment> assignment(String registrationId) {
        return Optional.ofNullable(assignments.get(RegistrationIds.key(registrationId)));
    }

    synchronized void put(Assignment assignment) {
        assignments.put(RegistrationIds.key(assignment.registrationId()), assignment);
        save();
    }

    private void load(Stored stored) {
        idScope = stored.idScope();
        for (StoredEnrollment e : stored.enrollments() == null ? List.<StoredEnrollment>of() : stored.enrollments()) {
            Enrollment enrollment = e.toEnrollment();
            enrollments.put(RegistrationIds.key(enrollment.registrationId()), enrollment);
        }
        for (StoredGroup g : stored.groups() == null ? List.<StoredGroup>of() : stored.groups()) {
            EnrollmentGroup group = g.toGroup();
            groups.put(RegistrationIds.key(group.groupId()), group);
        }
        for (StoredAssignment a : stored.assignments() == null ? List.<StoredAssignment>of() : stored.assignments()) {
            Assignment assignment = a.toAssignment();
            assignments.put(RegistrationIds.key(assignment.registrationId()), assignment);
        }
    }

    private void save() {
        Stored stored = new Stored(idScope, enrollments.values().stream().map(StoredEnrollment::of).toList(),
                groups.values().stream().map(StoredGroup::of).toList(),
                assignments.values().stream().map(StoredAssignment::of).toList());
        try {
            OwnerOnlyFiles.replace(file, GSON.toJson(stored));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the provisioning state " + file, e);
        }
    }

    private static String text(Path path) {
        return path == null ? null : path.toString();
    }

    private static Path path(String text) {
        return text == null ? null : Paths.get(text);
    }

    /** The file's JSON: plain strings, so it stays readable and editable. */
    private record Stored(String idScope, List<StoredEnrollment> enrollments, List<StoredGroup> groups,
            List<StoredAssignment> assignments) {
    }

    private record StoredEnrollment(String registrationId, String deviceId, boolean enabled, String attestation,
            String primaryKey, String secondaryKey, String certificateFile, String privateKeyFile, String thumbprint,
            String payload) {

        static StoredEnrollment of(Enrollment e) {
            return new StoredEnrollment(e.registrationId(), e.deviceId(), e.enabled(), e.type().id(), e.primaryKey(),
                    e.secondaryKey(), text(e.certificateFile()), text(e.privateKeyFile()), e.thumbprint(),
                    e.payloadJson());
        }

        Enrollment toEnrollment() {
            return new Enrollment(registrationId, deviceId, enabled, AttestationType.parse(attestation), primaryKey,
                    secondaryKey, path(certificateFile), path(privateKeyFile), thumbprint, payload);
        }
    }

    private record StoredGroup(String groupId, boolean enabled, String attestation, String primaryKey,
            String secondaryKey, String caCertificateFile, String caKeyFile, String payload) {

        static StoredGroup of(EnrollmentGroup g) {
            return new StoredGroup(g.groupId(), g.enabled(), g.type().id(), g.primaryKey(), g.secondaryKey(),
                    text(g.caCertificateFile()), text(g.caKeyFile()), g.payloadJson());
        }

        EnrollmentGroup toGroup() {
            return new EnrollmentGroup(groupId, enabled, AttestationType.parse(attestation), primaryKey, secondaryKey,
                    path(caCertificateFile), path(caKeyFile), payload);
        }
    }

    private record StoredAssignment(String registrationId, String deviceId, String created, String lastUpdated,
            String etag) {

        static StoredAssignment of(Assignment a) {
            return new StoredAssignment(a.registrationId(), a.deviceId(), a.created().toString(),
                    a.lastUpdated().toString(), a.etag());
        }

        Assignment toAssignment() {
            return new Assignment(registrationId, deviceId, Instant.parse(created), Instant.parse(lastUpdated), etag);
        }
    }
}
