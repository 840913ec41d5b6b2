package io.dmkit.emulator.thingspro.internal;

/** Publishes to the broker without blocking; what the protocol handlers send through. */
public interface Publisher {

    /**
     * Publishes {@code payload} to {@code topic} with QoS 1, not retained.
     *
     * @return false, after logging why, if the message could not be handed to the MQTT client (not
     *         connected, too many messages in flight): the caller decides what that means
     */
    boolean publish(String topic, byte[] payload);
}
