package io.dmkit.core.internal.session;

import io.dmkit.api.SessionConfig;
import io.dmkit.api.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A session's transport options, checked against the declarations of the transport that will read
 * them, and shown as the declarations allow (secrets as {@code ***}). Options that no installed
 * transport declares are listed as unknown: a misspelt option then shows in the log instead of
 * silently doing nothing. (The configuration form shows the options of every installed transport, so
 * a session saved there carries the other transports' options too; those are not listed. Options of
 * a transport since uninstalled are listed as unknown: the log cannot tell them from a typo.)
 */
final class TransportOptions {

    private TransportOptions() {
    }

    /**
     * @param declared the options of the session's transport
     * @param declaredElsewhere the ids of the options of the other installed transports
     * @return the options as a log line may show them
     * @throws io.dmkit.api.InvalidConfigurationException naming the first option whose value is unusable
     */
    static String check(SessionConfig config, List<Setting<?>> declared, Set<String> declaredElsewhere) {
        List<String> shown = new ArrayList<>();
        Set<String> unknown = new TreeSet<>(config.options().keySet());
        for (Setting<?> s : declared) {
            String value = display(config, s); // parses and checks
            if (unknown.remove(s.id())) {
                shown.add(s.id() + "=" + value);
            }
        }
        unknown.removeAll(declaredElsewhere);
        String text = shown.isEmpty() ? "no options set" : "options " + String.join(", ", shown);
        return unknown.isEmpty() ? text : text + ", options no installed transport knows (ignored; misspelt?): " + unknown;
    }

    private static <T> String display(SessionConfig config, Setting<T> s) {
        return s.display(config.get(s));
    }
}
