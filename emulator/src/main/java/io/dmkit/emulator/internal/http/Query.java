package io.dmkit.emulator.internal.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The query parameters of a request. Parameters a resource does not take are refused rather than
 * ignored: {@code ?timeout=5} instead of {@code ?timeoutSeconds=5} should not silently wait 30 s.
 */
final class Query {

    private final Map<String, String> parameters;

    private Query(Map<String, String> parameters) {
        this.parameters = parameters;
    }

    /** @throws IllegalArgumentException for a malformed escape or a parameter given twice */
    static Query parse(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (parameters.putIfAbsent(name, value) != null) {
                    throw new IllegalArgumentException("the query parameter '" + name + "' is given twice");
                }
            }
        }
        return new Query(parameters);
    }

    /** @throws IllegalArgumentException naming the parameters this resource takes */
    Query allowOnly(Set<String> names) {
        for (String name : parameters.keySet()) {
            if (!names.contains(name)) {
                throw new IllegalArgumentException("unknown query parameter '" + name + "'"
                        + (names.isEmpty() ? "; this resource takes none" : "; this resource takes " + names));
            }
        }
        return this;
    }

    /**
     * The parameter as an integer from {@code min} to {@code max}, or {@code fallback} when absent.
     *
     * @throws IllegalArgumentException if it is not a whole number in range
     */
    int integer(String name, int fallback, int min, int max) {
        String value = parameters.get(name);
        if (value == null) {
            return fallback;
        }
        String range = name + " must be a whole number from " + min + " to " + max;
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(range + ", not '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException(range + ", not " + parsed);
        }
        return parsed;
    }

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the query has an invalid percent-encoding");
        }
    }
}
