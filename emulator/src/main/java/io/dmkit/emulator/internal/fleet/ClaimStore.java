package io.dmkit.emulator.internal.fleet;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The provisioning claims, kept in {@code aws-claims.json} (owner-only: it names the claims' key files)
 * so that they survive a restart. Thread-safe.
 */
final class ClaimStore {

    private final JsonListFile<StoredClaim> file;
    private final Map<String, Claim> byId = new LinkedHashMap<>();

    ClaimStore(Path file) {
        this.file = new JsonListFile<>(file, StoredClaim.class, "provisioning claims");
        for (StoredClaim stored : this.file.load()) {
            Claim claim = stored.toClaim();
            byId.put(claim.certificateId(), claim);
        }
    }

    synchronized Optional<Claim> get(String certificateId) {
        return Optional.ofNullable(byId.get(certificateId));
    }

    /** Every claim, oldest first. */
    synchronized List<Claim> all() {
        List<Claim> claims = new ArrayList<>(byId.values());
        claims.sort(Comparator.comparing(Claim::created).thenComparing(Claim::certificateId));
        return claims;
    }

    synchronized void add(Claim claim) {
        byId.put(claim.certificateId(), claim);
        save();
    }

    synchronized Optional<Claim> remove(String certificateId) {
        Claim removed = byId.remove(certificateId);
        if (removed != null) {
            save();
        }
        return Optional.ofNullable(removed);
    }

    private void save() {
        file.save(all().stream().map(StoredClaim::of).toList());
    }

    /** The JSON form: plain strings, so the file stays readable and editable. */
    private record StoredClaim(String certificateId, String name, String certificateFile, String privateKeyFile,
            String created) {

        static StoredClaim of(Claim claim) {
            return new StoredClaim(claim.certificateId(), claim.name(), claim.certificateFile().toString(),
                    claim.privateKeyFile().toString(), claim.created().toString());
        }

        Claim toClaim() {
            return new Claim(certificateId, name, Path.of(certificateFile), Path.of(privateKeyFile),
                    Instant.parse(created));
        }
    }
}
