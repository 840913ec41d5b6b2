package io.dmkit.emulator;

/**
 * A device's twin as every dialect shows it through the REST API:
 * {@code {"desired":{…,"$version":n},"reported":{…,"$version":m}}}. For AWS the sections are the
 * shadow's {@code state.desired} and {@code state.reported}, and both versions are the shadow's version.
 *
 * @param desired the desired properties, a JSON object text without {@code $version}
 * @param reported the reported properties, a JSON object text without {@code $version}
 */
public record TwinDocument(String desired, long desiredVersion, String reported, long reportedVersion) {
}
