package io.dmkit.core.internal.connection;

import io.dmkit.api.spi.Transport;

/**
 * One established connection of a session. Work started on a link (a twin fetch, a message in
 * flight, a command) checks {@link #isOpen()} before acting on its result, so that nothing from
 * an old connection leaks into a new one: for example a command reply is never sent on a
 * connection other than the one that carried the request. Read and written on the control lane.
 */
public final class Link {

    final int number;
    public final Transport transport;
    private boolean open = true;

    public Link(int number, Transport transport) {
        this.number = number;
        this.transport = transport;
    }

    public boolean isOpen() {
        return open;
    }

    public void close() {
        open = false;
    }

    @Override
    public String toString() {
        return "connection #" + number;
    }
}
