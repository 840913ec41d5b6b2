package io.dmkit.examples.telemetry;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.dmkit.api.TwinUpdate;
import java.util.Optional;

/**
 * Reads the desired {@code telemetryIntervalSeconds} from a twin update: from {@code desired} of a
 * COMPLETE twin, or from the patch itself of a PARTIAL one. Values that are not whole numbers from
 * {@link #MIN_SECONDS} to {@link #MAX_SECONDS} are refused.
 */
final class DesiredInterval {

    static final String PROPERTY = "telemetryIntervalSeconds";
    static final int MIN_SECONDS = 1;
    static final int MAX_SECONDS = 86_400;

    /** What the update says about the interval. */
    sealed interface Result {
        /** The update does not mention the interval. */
        record Absent() implements Result {
        }

        record Valid(int seconds) implements Result {
        }

        record Invalid(String value) implements Result {
        }
    }

    private DesiredInterval() {
    }

    static Result from(TwinUpdate update) {
        JsonElement root = JsonParser.parseString(update.json());
        JsonObject desired = update.kind() == TwinUpdate.Kind.COMPLETE
                ? objectOrEmpty(root.getAsJsonObject().get("desired")) : root.getAsJsonObject();
        JsonElement value = desired.get(PROPERTY);
        if (value == null || value.isJsonNull()) {
            return new Result.Absent();
        }
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
            double seconds = value.getAsDouble();
            if (seconds == Math.rint(seconds) && seconds >= MIN_SECONDS && seconds <= MAX_SECONDS) {
                return new Result.Valid((int) seconds);
            }
        }
        return new Result.Invalid(value.toString());
    }

    private static JsonObject objectOrEmpty(JsonElement element) {
        return element != null && element.isJsonObject() ? element.getAsJsonObject() : new JsonObject();
    }
}
