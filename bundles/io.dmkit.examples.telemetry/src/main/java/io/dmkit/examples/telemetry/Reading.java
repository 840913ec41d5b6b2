package io.dmkit.examples.telemetry;

import com.google.gson.JsonObject;
import io.dmkit.api.DmMessage;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

/** A small simulated sensor reading with properties, as a gateway application would send one. */
final class Reading {

    private Reading() {
    }

    static DmMessage next(Clock clock) {
        JsonObject reading = new JsonObject();
        reading.addProperty("temperature", Math.round((20 + ThreadLocalRandom.current().nextGaussian()) * 10) / 10.0);
        reading.addProperty("time", clock.instant().toString());
        return DmMessage.builder(reading.toString())
                .property("unit", "Cel")
                .property("source", "dmkit-example")
                .property("$.ct", "application/json")
                .property("$.ce", "utf-8")
                .build();
    }
}
