package io.dmkit.emulator.internal.aws;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A validated update request: the {@code desired} and {@code reported} patches (each absent, an
 * object to merge, or JSON {@code null} to clear the section), the client token and the optional
 * version lock. Build it with {@link #of}, which applies the rules for the {@code state} node.
 */
final class ShadowUpdate {

    static final String DESIRED = "desired";
    static final String REPORTED = "reported";

    private final JsonObject state;
    private final Optional<String> clientToken;
    private final OptionalLong expectedVersion;

    private ShadowUpdate(JsonObject state, Optional<String> clientToken, OptionalLong expectedVersion) {
        this.state = state;
        this.clientToken = clientToken;
        this.expectedVersion = expectedVersion;
    }

    /**
     * @param state the request's {@code state} object
     * @throws ShadowRejection 400 for a node other than desired/reported, a section that is neither an
     *         object nor null, or a section nested deeper than {@link ShadowLimits#MAX_DEPTH}
     */
    static ShadowUpdate of(JsonObject state, Optional<String> clientToken, OptionalLong expectedVersion)
            throws ShadowRejection {
        for (Map.Entry<String, JsonElement> node : state.entrySet()) {
            String name = node.getKey();
            JsonElement value = node.getValue();
            if (!name.equals(DESIRED) && !name.equals(REPORTED)) {
                throw new ShadowRejection(400, "State contains an invalid node: '" + name + "'", clientToken);
            }
            if (!value.isJsonObject() && !value.isJsonNull()) {
                throw new ShadowRejection(400, name.equals(DESIRED) ? ShadowRejection.DESIRED_NOT_OBJECT
                        : ShadowRejection.REPORTED_NOT_OBJECT, clientToken);
            }
            if (depth(value) > ShadowLimits.MAX_DEPTH) {
                throw new ShadowRejection(400, ShadowRejection.TOO_DEEP, clientToken);
            }
        }
        if (state.size() == 0) {
            // As AWS's own Greengrass shadow manager: an update must carry desired or reported.
            throw new ShadowRejection(400, "State node must contain a desired or reported node", clientToken);
        }
        return new ShadowUpdate(state.deepCopy(), clientToken, expectedVersion);
    }

    /** A cloud-side update of the desired section only, as the REST API makes it. */
    static ShadowUpdate desired(JsonObject patch) throws ShadowRejection {
        JsonObject state = new JsonObject();
        state.add(DESIRED, patch);
        return of(state, Optional.empty(), OptionalLong.empty());
    }

    /** The desired patch: empty if the request did not mention desired, JSON null to clear it. */
    Optional<JsonElement> desired() {
        return Optional.ofNullable(state.get(DESIRED));
    }

    Optional<JsonElement> reported() {
        return Optional.ofNullable(state.get(REPORTED));
    }

    /** The request's {@code state} as given, nulls included: what {@code /update/accepted} echoes. */
    JsonObject state() {
        return state.deepCopy();
    }

    Optional<String> clientToken() {
        return clientToken;
    }

    OptionalLong expectedVersion() {
        return expectedVersion;
    }

    /** Containers on the deepest path: a leaf is 0, {@code {}} is 1, {@code {"a":[1]}} is 2. */
    static int depth(JsonElement element) {
        int deepest = 0;
        if (element.isJsonObject()) {
            for (JsonElement child : element.getAsJsonObject().asMap().values()) {
                deepest = Math.max(deepest, depth(child));
            }
            return deepest + 1;
        }
        if (element.isJsonArray()) {
            for (JsonElement child : element.getAsJsonArray()) {
                deepest = Math.max(deepest, depth(child));
            }
            return deepest + 1;
        }
        return 0;
    }
}
