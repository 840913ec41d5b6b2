package io.dmkit.fuzz;

import io.dmkit.api.ConnectionReason;
import io.dmkit.api.spi.context.IncomingCommand;
import io.dmkit.api.spi.context.TransportListener;
import java.util.ArrayList;
import java.util.List;

/** The core's side of a transport, reduced to recording what the transport handed on. */
public final class RecordingListener implements TransportListener {

    /** A desired patch as the transport handed it on. */
    public record Patch(String json, long version) {
    }

    public final List<Patch> patches = new ArrayList<>();
    public final List<IncomingCommand> commands = new ArrayList<>();
    public final List<String> lost = new ArrayList<>();

    @Override
    public synchronized void connectionLost(ConnectionReason reason, String detail) {
        lost.add(reason + ": " + detail);
    }

    @Override
    public synchronized void desiredPatch(String json, long version) {
        patches.add(new Patch(json, version));
    }

    @Override
    public synchronized void commandReceived(IncomingCommand command) {
        commands.add(command);
    }

    public synchronized boolean isEmpty() {
        return patches.isEmpty() && commands.isEmpty() && lost.isEmpty();
    }
}
