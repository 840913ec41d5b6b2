/**
 * The service (cloud) side of the ThingsPro DM protocol ({@code docs/protocols/thingspro.md}) as a
 * library: one privileged MQTT client that keeps every device's twin, answers twin requests,
 * publishes desired patches, invokes commands, tracks device status and records telemetry.
 *
 * <p>Used by the integration tests and hosted by the local emulator. Start with
 * {@link io.dmkit.service.thingspro.ThingsProService#connect(ServiceOptions)}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.dmkit.service.thingspro;
