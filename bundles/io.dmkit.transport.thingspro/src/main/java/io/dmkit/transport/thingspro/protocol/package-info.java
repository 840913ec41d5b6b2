/**
 * The topic grammar of the ThingsPro DM protocol ({@code docs/protocols/thingspro.md}): topic
 * builders, subscription filters, the parser of incoming topics, identifier rules and the
 * property bag of telemetry topics.
 *
 * <p>Shared by both sides of the protocol and deliberately <em>not exported</em>: the device-side
 * transport uses it from its own bundle, and the service side (the emulator's
 * {@code io.dmkit.emulator.thingspro}) has it from this jar on its class path or, as a bundle,
 * embeds it (bnd {@code -conditionalpackage}), so the grammar can change without a versioned API.
 *
 * <p>Everything here that reads input from the network returns a result with a reason instead of
 * throwing; builders, which take input from our own code, throw {@link IllegalArgumentException}.
 */
package io.dmkit.transport.thingspro.protocol;
