package io.dmkit.api.runtime;

import java.util.Objects;

/**
 * One whiteboard command handler as the dispatcher sees it for one session and command name:
 * whether it answers that command or is shadowed by a handler with a higher ranking.
 */
public final class CommandHandlerInfo {

    private final String sessionName;
    private final String commandName;
    private final long serviceId;
    private final int ranking;
    private final String bundle;
    private final boolean active;

    public CommandHandlerInfo(String sessionName, String commandName, long serviceId, int ranking, String bundle,
            boolean active) {
        this.sessionName = Objects.requireNonNull(sessionName, "sessionName");
        this.commandName = Objects.requireNonNull(commandName, "commandName");
        this.serviceId = serviceId;
        this.ranking = ranking;
        this.bundle = Objects.requireNonNull(bundle, "bundle");
        this.active = active;
    }

    public String sessionName() {
        return sessionName;
    }

    public String commandName() {
        return commandName;
    }

    /** The handler's {@code service.id}. */
    public long serviceId() {
        return serviceId;
    }

    /** The handler's {@code service.ranking}. */
    public int ranking() {
        return ranking;
    }

    /** The symbolic name of the bundle that registered the handler. */
    public String bundle() {
        return bundle;
    }

    /** Whether this handler answers the command; false when shadowed. */
    public boolean active() {
        return active;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CommandHandlerInfo i && i.sessionName.equals(sessionName)
                && i.commandName.equals(commandName) && i.serviceId == serviceId && i.ranking == ranking
                && i.bundle.equals(bundle) && i.active == active;
    }

    @Override
    public int hashCode() {
        return Objects.hash(sessionName, commandName, serviceId, ranking, bundle, active);
    }

    @Override
    public String toString() {
        return sessionName + "/" + commandName + " -> service " + serviceId + " (ranking " + ranking + ", " + bundle
                + ")" + (active ? "" : " shadowed");
    }
}
