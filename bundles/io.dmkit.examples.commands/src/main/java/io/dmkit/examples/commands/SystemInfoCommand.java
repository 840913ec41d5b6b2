package io.dmkit.examples.commands;

import com.google.gson.JsonObject;
import io.dmkit.api.CommandRequest;
import io.dmkit.api.CommandResponse;
import io.dmkit.api.handler.CommandHandler;
import io.dmkit.api.handler.propertytypes.CommandName;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.osgi.service.component.annotations.Component;

/**
 * Answers {@code system.info} with facts about the gateway's JVM and operating system: what a
 * fleet operator asks first when a device misbehaves. Ignores the request's payload.
 */
@Component
@CommandName("system.info")
public final class SystemInfoCommand implements CommandHandler {

    @Override
    public CommandResponse handle(CommandRequest request) {
        return CommandResponse.of(200, facts().toString());
    }

    static JsonObject facts() {
        Runtime runtime = Runtime.getRuntime();
        JsonObject java = new JsonObject();
        java.addProperty("version", System.getProperty("java.version"));
        java.addProperty("vendor", System.getProperty("java.vendor"));
        java.addProperty("maxHeapBytes", runtime.maxMemory());
        java.addProperty("usedHeapBytes", runtime.totalMemory() - runtime.freeMemory());
        java.addProperty("threads", Thread.activeCount());
        java.addProperty("uptimeSeconds", Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime()).toSeconds());
        JsonObject os = new JsonObject();
        os.addProperty("name", System.getProperty("os.name"));
        os.addProperty("version", System.getProperty("os.version"));
        os.addProperty("arch", System.getProperty("os.arch"));
        os.addProperty("processors", runtime.availableProcessors());
        JsonObject facts = new JsonObject();
        facts.add("java", java);
        facts.add("os", os);
        return facts;
    }
}
