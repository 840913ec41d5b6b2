package io.dmkit.api.runtime;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** The dispatcher's view of whiteboard command handlers, registered by the dispatcher bundle. */
@ProviderType
public interface CommandDispatcherRuntime {

    /**
     * Every (session, command name, handler) combination the dispatcher knows, active handlers
     * first within each (session, command name), sorted by session and command name.
     */
    List<CommandHandlerInfo> commandHandlers();
}
