package io.dmkit.examples.commands;

import io.dmkit.api.CommandRequest;
import io.dmkit.api.CommandResponse;
import io.dmkit.api.handler.CommandHandler;
import io.dmkit.api.handler.propertytypes.CommandName;
import org.osgi.service.component.annotations.Component;

/**
 * Answers the command {@code ping} on every session with status 200 and the request's payload, as
 * sent: the smallest useful handler, and a way to check a gateway end to end
 * ({@code curl -X POST localhost:8081/api/devices/gateway-demo/commands/ping -d '{"hello":1}'}).
 */
@Component
@CommandName("ping")
public final class PingCommand implements CommandHandler {

    @Override
    public CommandResponse handle(CommandRequest request) {
        return CommandResponse.of(200, request.payload());
    }
}
