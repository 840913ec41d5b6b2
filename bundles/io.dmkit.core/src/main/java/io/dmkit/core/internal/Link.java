package io.dmkit.core.internal;

import io.dmkit.api.spi.Transport;

/**
 * One established connection of a session. Work started on a link (a twin fetch, a message in
 * flight, a command) checks {@link #isOpen()} before acting on its result, so that nothing from
 * an old connection leaks into a new one: for example a command reply is never sent on a
 * connection other than the one that carried the request. Read and written on the control lane.
 */
final class Link {

    final int number;
    final Transport transport;
    private boolean open = true;

    Link(int number, Transport transport) {
        this.number = number;
        this.transport = transport;
    }

    boolean isOpen() {
        return open;
    }

    void close() {
        open = false;
    }

    @Override
    public String toString() {
        return "connection #" + number;
    }
}
