/**
 * The emulator's ThingsPro cloud side ({@code docs/protocols/thingspro.md}): one privileged MQTT client
 * that keeps every device's twin, answers twin requests, publishes desired patches, invokes commands,
 * tracks device status and records telemetry, on any broker.
 *
 * <p>The emulator's ThingsPro dialect connects it to the embedded broker; tests connect it to a
 * Mosquitto of their own, from the emulator jar or from the test bundle
 * {@code io.dmkit.testing.thingspro}, which embeds and exports this package (for tests inside an OSGi
 * framework, or without the emulator's broker on their class path). Its API therefore names only JDK
 * types and its own. Start with
 * {@link io.dmkit.emulator.thingspro.ThingsProService#connect(ServiceOptions)}.
 */
package io.dmkit.emulator.thingspro;
