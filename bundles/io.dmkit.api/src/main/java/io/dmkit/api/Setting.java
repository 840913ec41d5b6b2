package io.dmkit.api;

import io.dmkit.wire.text.Printable;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * One setting of a session's configuration, declared once: its property name, its type and default,
 * the label and description a configuration form shows, whether its value is a secret, and the checks
 * a value must pass. Everything else follows from the declaration: the {@link SessionConfig}
 * builder and getters read and set values through it, and it gives the parsing of configuration
 * properties with errors that name the property, the Metatype form of the factory configuration
 * {@value SessionConfig#FACTORY_PID}, and the masking of secrets wherever a configuration is shown.
 *
 * <p>The settings every session has are constants of {@link SessionConfig}; a transport declares its
 * own options through {@link io.dmkit.api.spi.TransportFactory#settings()} and reads them, typed, with
 * {@link SessionConfig#get(Setting)}. Immutable and thread-safe.
 *
 * <pre>{@code
 * static final Setting<Integer> PROXY_PORT = Setting.integer("proxy.port").defaultValue(3128)
 *         .range(1, 65535).label("HTTP proxy port").description("The proxy's TCP port.").build();
 * }</pre>
 *
 * @param <T> the type of the value
 */
public final class Setting<T> {

    /** How a value is written in a configuration, and the kind of field a form shows for it. */
    public enum Type {
        /** Text; a secret one is a password field. */
        TEXT,
        /** A whole number that fits in 32 bits. */
        INTEGER,
        /** A whole number that fits in 64 bits. */
        LONG,
        /** {@code true} or {@code false}. */
        BOOLEAN
    }

    /** One of the values a setting accepts, and the label a form shows for it. */
    public record Choice(String value, String label) {
        public Choice {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(label, "label");
        }
    }

    private final String id;
    private final Type type;
    private final Function<Object, T> reader;
    private final Function<T, Object> writer;
    private final T defaultValue;
    private final String label;
    private final String description;
    private final boolean secret;
    private final String requiredHint;
    private final List<Choice> choices;
    private final Long min;
    private final Long max;
    private final String rangeNote;
    private final List<Function<? super T, Optional<String>>> checks;
    /** A number's value in the configuration's unit, for the range check; null for other types. */
    private final Function<T, Long> measure;

    private Setting(Builder<T> b) {
        this.id = b.id;
        this.type = b.type;
        this.reader = b.reader;
        this.writer = b.writer;
        this.defaultValue = b.defaultValue;
        this.label = b.label == null ? b.id : b.label;
        this.description = b.description == null ? "" : b.description;
        this.secret = b.secret;
        this.requiredHint = b.requiredHint;
        this.choices = List.copyOf(b.choices);
        this.min = b.min;
        this.max = b.max;
        this.rangeNote = b.rangeNote;
        this.checks = List.copyOf(b.checks);
        this.measure = b.measure;
    }

    // ---- declarations ----

    /** A text setting. Blank text counts as unset. */
    public static Builder<String> text(String id) {
        return new Builder<>(id, Type.TEXT, raw -> raw.toString().trim(), v -> v);
    }

    /** A whole number of 32 bits. */
    public static Builder<Integer> integer(String id) {
        return new Builder<>(id, Type.INTEGER, raw -> toInt(wholeNumber(raw)), v -> v);
    }

    /** A whole number of 64 bits. */
    public static Builder<Long> longInteger(String id) {
        return new Builder<>(id, Type.LONG, raw -> wholeNumber(raw), v -> v);
    }

    /** {@code true} or {@code false} (in any case). */
    public static Builder<Boolean> flag(String id) {
        return new Builder<>(id, Type.BOOLEAN, raw -> bool(raw), v -> v);
    }

    /**
     * A duration written in the configuration as a whole number of seconds. A duration given in code
     * may be finer; its range is checked, and it is written, in whole seconds rounded up, so that a
     * positive duration never counts as zero.
     */
    public static Builder<Duration> seconds(String id) {
        Function<Duration, Long> up = d -> d.toSeconds() + (d.getNano() > 0 ? 1 : 0);
        return new Builder<>(id, Type.INTEGER, raw -> Duration.ofSeconds(toInt(wholeNumber(raw))),
                v -> (int) Math.min(Integer.MAX_VALUE, up.apply(v))).measuredBy(up);
    }

    /** A duration written in the configuration as a whole number of milliseconds (finer ones as {@link #seconds}). */
    public static Builder<Duration> millis(String id) {
        Function<Duration, Long> up = d -> d.toMillis() + (d.getNano() % 1_000_000 > 0 ? 1 : 0);
        return new Builder<>(id, Type.LONG, raw -> Duration.ofMillis(wholeNumber(raw)), up::apply)
                .measuredBy(up);
    }

    /**
     * One of a fixed set of values (for example the constants of an enum), matched without regard to
     * case and offered as a choice in forms.
     *
     * @param values the accepted values, in the order a form lists them
     * @param text how a value is written in the configuration
     * @param label how a form shows a value
     */
    @SafeVarargs
    public static <E> Builder<E> choice(String id, Function<E, String> text, Function<E, String> label, E... values) {
        List<E> all = new ArrayList<>(values.length);
        for (E v : values) {
            all.add(v); // copied one by one: the array is never handed on (-Xlint:varargs)
        }
        Builder<E> b = new Builder<>(id, Type.TEXT, raw -> {
            String s = raw.toString().trim();
            for (E e : all) {
                if (text.apply(e).equalsIgnoreCase(s)) {
                    return e;
                }
            }
            throw new UnusableValue(s, "is not one of " + String.join(", ", all.stream().map(text).toList()));
        }, text::apply);
        all.forEach(e -> b.choices.add(new Choice(text.apply(e), label.apply(e))));
        return b;
    }

    // ---- what a declaration says ----

    /** The property name in a configuration, for example {@code keepalive}. */
    public String id() {
        return id;
    }

    /** How the value is written in a configuration. */
    public Type type() {
        return type;
    }

    /** A short name for forms. */
    public String label() {
        return label;
    }

    /** What the setting does, for forms; may be empty. */
    public String description() {
        return description;
    }

    /** The value of the setting when a configuration does not set it. */
    public Optional<T> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** Whether the value is a secret: never logged or shown, a password field in forms. */
    public boolean isSecret() {
        return secret;
    }

    /** Whether every configuration must set it. */
    public boolean isRequired() {
        return requiredHint != null;
    }

    /** The values a form offers; empty when any value that passes the checks will do. */
    public List<Choice> choices() {
        return choices;
    }

    /** The smallest value accepted, in the configuration's unit (for example seconds). */
    public OptionalLong minimum() {
        return min == null ? OptionalLong.empty() : OptionalLong.of(min);
    }

    /** The largest value accepted, in the configuration's unit. */
    public OptionalLong maximum() {
        return max == null ? OptionalLong.empty() : OptionalLong.of(max);
    }

    /**
     * The accepted range as forms and error messages show it, in the configuration's unit, with its
     * note: for example {@code 0..65535 (0 selects the transport's default port)}; empty without a range.
     */
    public String rangeText() {
        if (min == null && max == null) {
            return "";
        }
        return (min == null ? "" : min) + ".." + (max == null ? "" : max) + (rangeNote == null ? "" : " (" + rangeNote + ")");
    }

    // ---- using a declaration ----

    /**
     * Reads the value from a configuration property as ConfigAdmin, a file or a form gives it: text,
     * a number, a boolean, or a single-element array or collection of one of these.
     *
     * @param raw the property's value; null or blank means unset
     * @return the value, the default when unset, or null when unset without a default
     * @throws InvalidConfigurationException naming this setting if the value is unusable, or
     *         missing when required
     */
    public T parse(Object raw) {
        Object single = single(raw);
        T value;
        try {
            value = single == null ? null : reader.apply(single);
        } catch (UnusableValue e) {
            throw new InvalidConfigurationException(id, shown(e.value) + " " + e.problem);
        }
        return check(value);
    }

    /**
     * Checks a value given in code, as {@link #parse} checks one read from a configuration.
     *
     * @param value the value, or null for unset
     * @return the value, the default when null, or null when unset without a default
     * @throws InvalidConfigurationException naming this setting if the value is unusable
     */
    public T check(T value) {
        T v = value == null ? defaultValue : value;
        if (v == null) {
            if (requiredHint != null) {
                throw new InvalidConfigurationException(id, requiredHint.isEmpty() ? "is required"
                        : "is required: " + requiredHint);
            }
            return null;
        }
        if (measure != null && ((min != null && measure.apply(v) < min) || (max != null && measure.apply(v) > max))) {
            throw new InvalidConfigurationException(id, (secret ? shown(v) : writer.apply(v)) + " is out of range "
                    + rangeText());
        }
        for (Function<? super T, Optional<String>> c : checks) {
            Optional<String> problem = c.apply(v);
            if (problem.isPresent()) {
                throw new InvalidConfigurationException(id, problem.get());
            }
        }
        return v;
    }

    /** The value as a configuration property holds it: a String, Integer, Long or Boolean. */
    public Object toProperty(T value) {
        return writer.apply(Objects.requireNonNull(value, "value"));
    }

    /**
     * The value as logs and consoles may show it: {@code ***} for a secret, {@code unset} for null,
     * otherwise printable and cut short.
     */
    public String display(T value) {
        if (value == null) {
            return "unset";
        }
        if (secret) {
            return "***";
        }
        String text = String.valueOf(toProperty(value));
        return type == Type.TEXT ? Printable.quote(text) : text;
    }

    @Override
    public String toString() {
        return "Setting[" + id + "]";
    }

    // ---- parsing ----

    /** A value as an error message may show it: a whole number as it is, anything else quoted, a secret never. */
    private String shown(Object value) {
        if (secret) {
            return "the value (a secret, not shown)";
        }
        return value instanceof Long || value instanceof Integer ? value.toString() : Printable.quote(String.valueOf(value));
    }

    /**
     * A value the reader of a type refused, and why, without the setting: {@link #parse} names the
     * setting and decides whether the value may be quoted.
     */
    private static final class UnusableValue extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Object value;
        private final String problem;

        UnusableValue(Object value, String problem) {
            super(problem, null, false, false);
            this.value = value;
            this.problem = problem;
        }
    }

    /** The value, unwrapping a single-element array or collection (Metatype cardinality); null if blank. */
    private Object single(Object v) {
        if (v != null && v.getClass().isArray()) {
            int n = Array.getLength(v);
            if (n > 1) {
                throw new InvalidConfigurationException(id, "takes one value, not " + n);
            }
            v = n == 0 ? null : Array.get(v, 0);
        } else if (v instanceof Collection<?> c) {
            if (c.size() > 1) {
                throw new InvalidConfigurationException(id, "takes one value, not " + c.size());
            }
            Iterator<?> it = c.iterator();
            v = it.hasNext() ? it.next() : null;
        }
        return v == null || (v instanceof String s && s.isBlank()) ? null : v;
    }

    private static long wholeNumber(Object v) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Number) {
            // Doubles, floats and big numbers: exact or refused, never silently clamped or truncated.
            BigDecimal exact;
            try {
                exact = new BigDecimal(v.toString());
            } catch (NumberFormatException e) {
                throw new UnusableValue(v, "is not a whole number");
            }
            if (exact.stripTrailingZeros().scale() > 0) {
                throw new UnusableValue(v, "is not a whole number");
            }
            try {
                return exact.longValueExact();
            } catch (ArithmeticException e) {
                throw new UnusableValue(v, "is out of range");
            }
        }
        try {
            return Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new UnusableValue(v, "is not a whole number");
        }
    }

    private static int toInt(long v) {
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new UnusableValue(v, "is too large");
        }
        return (int) v;
    }

    private static boolean bool(Object v) {
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
        throw new UnusableValue(v, "is neither true nor false");
    }

    /**
     * Declares a {@link Setting}. The methods return this builder; {@link #build()} makes the
     * immutable setting.
     *
     * @param <T> the type of the value
     */
    public static final class Builder<T> {
        private final String id;
        private final Type type;
        private final Function<Object, T> reader;
        private final Function<T, Object> writer;
        private Function<T, Long> measure;
        private T defaultValue;
        private String label;
        private String description;
        private boolean secret;
        private String requiredHint;
        private final List<Choice> choices = new ArrayList<>();
        private Long min;
        private Long max;
        private String rangeNote;
        private final List<Function<? super T, Optional<String>>> checks = new ArrayList<>();

        private Builder(String id, Type type, Function<Object, T> reader, Function<T, Object> writer) {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("a setting's id must not be blank");
            }
            this.id = id;
            this.type = type;
            this.reader = reader;
            this.writer = writer;
            if (type == Type.INTEGER || type == Type.LONG) {
                this.measure = v -> ((Number) v).longValue();
            }
        }

        private Builder<T> measuredBy(Function<T, Long> m) {
            this.measure = m;
            return this;
        }

        /** The value when a configuration does not set it. */
        public Builder<T> defaultValue(T value) {
            this.defaultValue = Objects.requireNonNull(value, "value");
            return this;
        }

        /** A short name for forms; the id when not given. */
        public Builder<T> label(String label) {
            this.label = label;
            return this;
        }

        /** What the setting does, for forms. */
        public Builder<T> description(String description) {
            this.description = description;
            return this;
        }

        /** The value is a secret: never logged or shown, a password field in forms. */
        public Builder<T> secret() {
            this.secret = true;
            return this;
        }

        /**
         * Every configuration must set it.
         *
         * @param hint what the value is, completing the error {@code "<id>: is required: <hint>"}; may be empty
         */
        public Builder<T> required(String hint) {
            this.requiredHint = Objects.requireNonNull(hint, "hint");
            return this;
        }

        /**
         * The accepted range, inclusive, in the configuration's unit (seconds or milliseconds for
         * durations).
         *
         * @param note completes the error {@code "<value> is out of range <min>..<max> (<note>)"}; may be null
         */
        public Builder<T> range(long min, long max, String note) {
            if (measure == null) {
                throw new IllegalStateException("setting " + id + " is not a number");
            }
            this.min = min;
            this.max = max;
            this.rangeNote = note;
            return this;
        }

        /** {@link #range(long, long, String)} without a note. */
        public Builder<T> range(long min, long max) {
            return range(min, max, null);
        }

        /**
         * A check a value must pass.
         *
         * @param problem what is wrong with a value, completing the error {@code "<id>: <problem>"}, or
         *        empty when the value is fine
         */
        public Builder<T> check(Function<? super T, Optional<String>> problem) {
            checks.add(Objects.requireNonNull(problem, "problem"));
            return this;
        }

        public Setting<T> build() {
            Setting<T> s = new Setting<>(this);
            if (defaultValue != null) {
                s.check(defaultValue); // a default that fails its own checks is a bug in the declaration
            }
            return s;
        }
    }
}
