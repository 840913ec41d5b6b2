/**
 * Merging of JSON from the network, shared by every service-side twin (the ThingsPro service and
 * the emulator's Azure and AWS dialects): JSON Merge Patch (RFC 7386). The strict reading of it is
 * {@code io.dmkit.wire.json.StrictJson}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.dmkit.service.thingspro.json;
