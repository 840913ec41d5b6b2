package io.dmkit.shell.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** Message properties typed on the command line as {@code key=value} words. */
final class Properties {

    private Properties() {
    }

    /** @throws IllegalArgumentException naming the word that is not {@code key=value} */
    static Map<String, String> parse(String... words) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String word : words) {
            int equals = word.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("'" + word + "' is not a property: write key=value");
            }
            properties.put(word.substring(0, equals), word.substring(equals + 1));
        }
        return properties;
    }
}
