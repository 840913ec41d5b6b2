package io.dmkit.api;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/** Reads typed values from configuration properties with errors that name the attribute. */
final class PropertyReader {

    private final Map<String, ?> properties;

    PropertyReader(Map<String, ?> properties) {
        this.properties = properties;
    }

    /**
     * Properties that ConfigAdmin, SCR or Felix add and that are not session settings; keys starting
     * with '.' are private by the ConfigAdmin convention.
     */
    static boolean isFrameworkProperty(String key) {
        return key.startsWith("service.") || key.startsWith("component.") || key.startsWith("felix.")
                || key.startsWith("osgi.ds.")
                || key.startsWith("objectClass") || key.startsWith(":") || key.startsWith(".");
    }

    String string(String key, String defaultValue) {
        Object v = single(key);
        return v == null ? defaultValue : v.toString();
    }

    int integer(String key, int defaultValue) {
        long v = longValue(key, defaultValue);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new InvalidConfigurationException(key, v + " is too large");
        }
        return (int) v;
    }

    long longValue(String key, long defaultValue) {
        Object v = single(key);
        if (v == null || (v instanceof String s && s.isBlank())) {
            return defaultValue;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Number) {
            // Doubles, floats and big numbers: exact or refused, never silently clamped or truncated.
            BigDecimal exact;
            try {
                exact = new BigDecimal(v.toString());
            } catch (NumberFormatException e) {
                throw new InvalidConfigurationException(key, quote(v) + " is not a whole number");
            }
            if (exact.stripTrailingZeros().scale() > 0) {
                throw new InvalidConfigurationException(key, quote(v) + " is not a whole number");
            }
            try {
                return exact.longValueExact();
            } catch (ArithmeticException e) {
                throw new InvalidConfigurationException(key, quote(v) + " is out of range");
            }
        }
        try {
            return Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new InvalidConfigurationException(key, quote(v) + " is not a whole number");
        }
    }

    boolean bool(String key, boolean defaultValue) {
        Object v = single(key);
        if (v == null || (v instanceof String s && s.isBlank())) {
            return defaultValue;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString().trim();
        if (s.equalsIgnoreCase("true")) {
            return true;
        }
        if (s.equalsIgnoreCase("false")) {
            return false;
        }
        throw new InvalidConfigurationException(key, quote(v) + " is neither true nor false");
    }

    /** Quotes a value for an error message, shortened so that hostile input cannot flood a log. */
    static String quote(Object v) {
        String s = String.valueOf(v);
        return "'" + (s.length() > 40 ? s.substring(0, 40) + "...' (" + s.length() + " characters)" : s + "'");
    }

    /** The value, unwrapping a single-element array or collection (Metatype cardinality). */
    private Object single(String key) {
        Object v = properties.get(key);
        if (v == null) {
            return null;
        }
        if (v.getClass().isArray()) {
            int n = Array.getLength(v);
            if (n > 1) {
                throw new InvalidConfigurationException(key, "takes one value, not " + n);
            }
            return n == 0 ? null : Array.get(v, 0);
        }
        if (v instanceof Collection<?> c) {
            if (c.size() > 1) {
                throw new InvalidConfigurationException(key, "takes one value, not " + c.size());
            }
            Iterator<?> it = c.iterator();
            return it.hasNext() ? it.next() : null;
        }
        return v;
    }
}
