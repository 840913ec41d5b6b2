package io.dmkit.transport.aws.protocol;

import java.util.Objects;

/**
 * Which shadow: a thing's classic (unnamed) shadow, or one of its named shadows.
 *
 * @param thing the thing name
 * @param name the shadow name; empty for the classic shadow
 */
public record ShadowKey(String thing, String name) {

    public ShadowKey {
        Objects.requireNonNull(thing, "thing");
        Objects.requireNonNull(name, "name");
    }

    public static ShadowKey classic(String thing) {
        return new ShadowKey(thing, "");
    }

    public static ShadowKey named(String thing, String name) {
        return new ShadowKey(thing, name);
    }

    public boolean isClassic() {
        return name.isEmpty();
    }

    /** {@code $aws/things/{thing}/shadow} or {@code $aws/things/{thing}/shadow/name/{name}}. */
    public String topicPrefix() {
        String classic = "$aws/things/" + thing + "/shadow";
        return isClassic() ? classic : classic + "/name/" + name;
    }

    /** How AWS names the shadow in its messages: the thing name, or {@code thing~shadow}. */
    public String displayName() {
        return isClassic() ? thing : thing + "~" + name;
    }
}
