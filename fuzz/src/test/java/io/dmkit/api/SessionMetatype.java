package io.dmkit.api;

import io.dmkit.api.spi.TransportFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The attributes of the session configuration form (factory PID {@code io.dmkit.session}) as the core
 * composes it: the settings of every session, then the options of every transport on the class path,
 * from their declarations. A fuzz test of them covers every attribute an administrator can set,
 * including ones added later.
 */
final class SessionMetatype {

    /** One attribute: its id (the property name) and whether its declaration calls it a secret. */
    record Attribute(String id, boolean isSecret) {
    }

    private SessionMetatype() {
    }

    static List<Attribute> attributes() {
        List<Attribute> attributes = new ArrayList<>();
        SessionConfig.settings().forEach(s -> attributes.add(new Attribute(s.id(), s.isSecret())));
        for (TransportFactory f : ServiceLoader.load(TransportFactory.class)) {
            f.settings().forEach(s -> attributes.add(new Attribute(s.id(), s.isSecret())));
        }
        return List.copyOf(attributes);
    }
}
