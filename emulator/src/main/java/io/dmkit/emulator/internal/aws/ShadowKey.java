package io.dmkit.emulator.internal.aws;

import java.util.Objects;

/**
 * Which shadow: a thing's classic (unnamed) shadow, or one of its named shadows.
 *
 * @param thing the thing name
 * @param name the shadow name; empty for the classic shadow
 */
record ShadowKey(String thing, String name) {

    ShadowKey {
        Objects.requireNonNull(thing, "thing");
        Objects.requireNonNull(name, "name");
    }

    static ShadowKey classic(String thing) {
        return new ShadowKey(thing, "");
    }

    static ShadowKey named(String thing, String name) {
        return new ShadowKey(thing, name);
    }

    boolean isClassic() {
        return name.isEmpty();
    }

    /** {@code $aws/things/{thing}/shadow} or {@code $aws/things/{thing}/shadow/name/{name}}. */
    String topicPrefix() {
        String classic = "$aws/things/" + thing + "/shadow";
        return isClassic() ? classic : classic + "/name/" + name;
    }

    /** How AWS names the shadow in its 404 message: the thing name, or {@code thing~shadow}. */
    String displayName() {
        return isClassic() ? thing : thing + "~" + name;
    }
}
