package io.dmkit.emulator.internal.dps;

import com.google.gson.JsonObject;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The registration operations devices may poll, by operation id; the oldest are forgotten past
 * {@value #MAX_OPERATIONS} (a device polls its operation within seconds).
 */
final class Operations {

    static final int MAX_OPERATIONS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The operation's registration id (lower case) and the operation status a poll answers. */
    record Operation(String registrationKey, JsonObject status) {
    }

    private final Map<String, Operation> byId = new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Operation> eldest) {
            return size() > MAX_OPERATIONS;
        }
    };

    /** Starts an operation whose poll answers {@code {"operationId","status",registrationState}}; its id. */
    synchronized String start(String registrationId, JsonObject registrationState) {
        String id = newId();
        JsonObject status = new JsonObject();
        status.addProperty("operationId", id);
        status.add("status", registrationState.get("status"));
        status.add("registrationState", registrationState);
        byId.put(id, new Operation(RegistrationIds.key(registrationId), status));
        return id;
    }

    /** The operation, if it exists and belongs to {@code registrationId}. */
    synchronized Optional<Operation> get(String operationId, String registrationId) {
        return Optional.ofNullable(byId.get(operationId))
                .filter(operation -> operation.registrationKey().equals(RegistrationIds.key(registrationId)));
    }

    /** The shape of DPS's operation ids: {@code 4.<16 hex>.<uuid>}. */
    private static String newId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return "4." + HexFormat.of().formatHex(bytes) + "." + UUID.randomUUID();
    }
}
