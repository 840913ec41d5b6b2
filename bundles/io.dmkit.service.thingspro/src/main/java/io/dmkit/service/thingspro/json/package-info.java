/**
 * Strict reading and merging of JSON from the network, shared by every service-side twin (the
 * ThingsPro service and the emulator's Azure and AWS dialects): size, depth, duplicate-name and UTF-8
 * checks with a status to answer (400 or 413), and JSON Merge Patch (RFC 7386).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.dmkit.service.thingspro.json;
