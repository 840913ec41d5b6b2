package io.dmkit.core.internal.provisioning;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.dmkit.api.spi.IssuedIdentity;
import io.dmkit.wire.files.OwnerOnlyFiles;
import io.dmkit.wire.json.StrictJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one session keeps its provisioned identity: {@code identity.json} in an owner-only directory
 * of its own, beside any files its provisioning client wrote (an issued certificate and key). With a
 * data directory it is {@code <data>/provisioning/<session>/} and survives restarts; without one it is
 * a temporary directory deleted with the session, so every start provisions again.
 */
public final class IdentityStore {

    private static final Logger LOG = LoggerFactory.getLogger(IdentityStore.class);
    private static final String FILE = "identity.json";

    private final String session;
    private final Path directory;
    private final boolean temporary;

    private IdentityStore(String session, Path directory, boolean temporary) {
        this.session = session;
        this.directory = directory;
        this.temporary = temporary;
    }

    /**
     * Opens (creating it owner-only) the session's directory.
     *
     * @param identities where sessions keep their identities ({@code <data>/provisioning}), or empty for a
     *                   temporary directory
     * @throws UncheckedIOException if the directory cannot be created
     */
    public static IdentityStore open(Optional<Path> identities, String session) {
        try {
            if (identities.isPresent()) {
                return new IdentityStore(session, OwnerOnlyFiles.directory(identities.get().resolve(session)), false);
            }
            LOG.info("{}: no data directory, so the provisioned identity is kept only while the session exists; "
                    + "each start provisions again", session);
            return new IdentityStore(session, OwnerOnlyFiles.directory(Files.createTempDirectory("dmkit-identity-")),
                    true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the provisioning directory of session " + session, e);
        }
    }

    /**
     * Deletes the identity of a session that is gone for good (its configuration was deleted). Session
     * names are letters, digits, '.', '_' and '-': safe as directory names as they are.
     */
    public static void discard(Path identities, String session) {
        Path dir = identities.resolve(session);
        try {
            OwnerOnlyFiles.deleteTree(dir);
        } catch (IOException e) {
            LOG.warn("could not delete {}, the provisioned identity of the deleted session {}: {}", dir, session,
                    e.toString());
        }
    }

    /** The session's owner-only directory, for the provisioning client's files. */
    Path directory() {
        return directory;
    }

    /**
     * The stored identity, if it was issued by {@code provisioner} for the configuration with
     * {@code fingerprint}; an identity for another configuration is forgotten.
     */
    Optional<StoredIdentity> load(String provisioner, String fingerprint) {
        Path file = directory.resolve(FILE);
        StoredIdentity stored;
        try {
            stored = parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            Path aside = file.resolveSibling(FILE + ".broken-" + System.currentTimeMillis());
            LOG.warn("{}: the provisioned identity {} cannot be read ({}); moved it to {} and provisioning again",
                    session, file, e.getMessage(), aside.getFileName());
            moveAside(file, aside);
            return Optional.empty();
        }
        if (!stored.provisioner().equals(provisioner) || !stored.fingerprint().equals(fingerprint)) {
            LOG.info("{}: the session's provisioning settings changed since {} issued its identity; provisioning "
                    + "again", session, stored.provisioner());
            forget();
            return Optional.empty();
        }
        return Optional.of(stored);
    }

    /** Keeps the identity, replacing the file whole. */
    void save(StoredIdentity stored) {
        try {
            OwnerOnlyFiles.write(directory.resolve(FILE), format(stored).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The session can still connect with it now; the next start provisions again.
            LOG.warn("{}: could not keep the provisioned identity in {}: {}; the next start provisions again", session,
                    directory, e.toString());
        }
    }

    /** Forgets the identity and deletes the client's files beside it. */
    void forget() {
        try {
            OwnerOnlyFiles.empty(directory);
        } catch (IOException e) {
            LOG.warn("{}: could not delete the provisioned identity in {}: {}", session, directory, e.toString());
        }
    }

    /** Deletes a temporary directory; a data directory's stays for the next start. */
    void close() {
        if (temporary) {
            try {
                OwnerOnlyFiles.deleteTree(directory);
            } catch (IOException e) {
                LOG.warn("{}: could not delete the temporary provisioning directory {}: {}", session, directory,
                        e.toString());
            }
        }
    }

    private static void moveAside(Path file, Path aside) {
        try {
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("could not move {} aside: {}", file, e.toString());
        }
    }

    static String format(StoredIdentity stored) {
        JsonObject json = new JsonObject();
        json.addProperty("provisioner", stored.provisioner());
        json.addProperty("fingerprint", stored.fingerprint());
        json.addProperty("time", stored.time().toString());
        json.add("settings", object(stored.identity().settings()));
        json.add("details", object(stored.identity().details()));
        stored.identity().payload().ifPresent(p -> json.addProperty("payload", p));
        return json.toString();
    }

    /** @throws IllegalArgumentException if the text is not a stored identity */
    static StoredIdentity parse(String text) {
        JsonObject json = StrictJson.parseObject(text, 8);
        JsonElement payload = json.get("payload");
        IssuedIdentity identity = new IssuedIdentity(strings(json, "settings"), strings(json, "details"),
                payload == null ? null : payload.getAsString());
        try {
            return new StoredIdentity(text(json, "provisioner"), text(json, "fingerprint"),
                    Instant.parse(text(json, "time")), identity);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("its time is not an instant");
        }
    }

    private static String text(JsonObject json, String name) {
        JsonElement e = json.get(name);
        if (e == null || !e.isJsonPrimitive()) {
            throw new IllegalArgumentException("it has no " + name);
        }
        return e.getAsString();
    }

    private static Map<String, String> strings(JsonObject json, String name) {
        JsonElement e = json.get(name);
        if (e == null || !e.isJsonObject()) {
            throw new IllegalArgumentException("it has no " + name);
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> member : e.getAsJsonObject().entrySet()) {
            if (!member.getValue().isJsonPrimitive()) {
                throw new IllegalArgumentException(name + "." + member.getKey() + " is not text");
            }
            map.put(member.getKey(), member.getValue().getAsString());
        }
        return map;
    }

    private static JsonObject object(Map<String, String> map) {
        JsonObject o = new JsonObject();
        map.forEach(o::addProperty);
        return o;
    }

    @Override
    public String toString() {
        return "IdentityStore[" + session + " in " + directory + "]";
    }
}
