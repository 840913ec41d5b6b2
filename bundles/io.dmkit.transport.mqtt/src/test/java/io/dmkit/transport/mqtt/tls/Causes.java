package io.dmkit.transport.mqtt.tls;

import java.util.ArrayList;
import java.util.List;

/** The cause chain of an exception, for assertions and readable failure messages. */
final class Causes {

    private Causes() {
    }

    static List<Throwable> chain(Throwable t) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable c = t; c != null && !chain.contains(c); c = c.getCause()) {
            chain.add(c);
        }
        return chain;
    }

    static List<Class<?>> types(Throwable t) {
        List<Class<?>> types = new ArrayList<>();
        chain(t).forEach(c -> types.add(c.getClass()));
        return types;
    }

    static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c : chain(t)) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        throw new AssertionError("no " + type.getName() + " in the cause chain " + describe(t));
    }

    static String describe(Throwable t) {
        StringBuilder s = new StringBuilder();
        for (Throwable c : chain(t)) {
            s.append(s.length() == 0 ? "" : " <- ").append(c.getClass().getName()).append(": ").append(c.getMessage());
        }
        return s.toString();
    }
}
