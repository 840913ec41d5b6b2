package io.dmkit.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The session a fresh gateway starts with: device {@value #DEVICE_ID} at the embedded emulator,
 * ThingsPro dialect, plain MQTT. It is written once, as a FileInstall file in the configuration
 * directory, so that it is an ordinary configuration from then on: users edit the file or the Web
 * Console form (FileInstall writes the form's changes back into the file), or delete it.
 */
public final class DefaultSession {

    public static final String DEVICE_ID = "gateway-demo";
    /** Factory PID {@code io.dmkit.session}, configuration name {@value #DEVICE_ID}: FileInstall's naming. */
    public static final String FILE_NAME = "io.dmkit.session-" + DEVICE_ID + ".cfg";

    private DefaultSession() {
    }

    /**
     * Writes the session file unless it exists.
     *
     * @param mqttPort the emulator's plain MQTT port
     * @return the file
     */
    public static Path write(Path configDir, int mqttPort) throws IOException {
        Files.createDirectories(configDir);
        Path file = configDir.resolve(FILE_NAME);
        String text = String.join("\n",
                "# The demo session of the dmkit gateway: device '" + DEVICE_ID + "' at the emulator that runs in the",
                "# gateway's process. Edit this file (applied within seconds) or the Web Console's form",
                "# (Configuration, \"dmkit session\"); changes made in the form are written back here. Delete the",
                "# file to remove the session. Every property is described in the README (\"Configure a session\").",
                "name = " + DEVICE_ID,
                "cloud.type = thingspro",
                "host = localhost",
                "port = " + mqttPort,
                "device.id = " + DEVICE_ID,
                "# plain TCP: the emulator registers " + DEVICE_ID + " without authentication",
                "security = none",
                "");
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // written before: the user's version wins
        }
        return file;
    }
}
