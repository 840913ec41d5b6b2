package io.dmkit.emulator.internal.fleet;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;
import io.dmkit.emulator.internal.registry.OwnerOnlyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A list of records kept as pretty JSON in one owner-only file of the state directory, rewritten
 * atomically on every save. A file that cannot be read is moved aside ({@code <name>.broken-<time>})
 * with a warning and the list starts empty, as the device registry does.
 */
final class JsonListFile<T> {

    private static final Logger LOG = LoggerFactory.getLogger(JsonListFile.class);
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private final Path file;
    private final Type type;
    private final String what;

    /** @param what what the file holds, for log lines ("provisioning templates") */
    JsonListFile(Path file, Class<T> element, String what) {
        this.file = file;
        this.type = TypeToken.getParameterized(List.class, element).getType();
        this.what = what;
    }

    List<T> load() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<T> stored = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), type);
            return stored == null ? List.of() : stored;
        } catch (IOException | JsonParseException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".broken-" + System.currentTimeMillis());
            LOG.warn("cannot read the {} in {} ({}); moved it to {} and starting with none", what, file, e.getMessage(),
                    aside);
            try {
                Files.move(file, aside);
            } catch (IOException moveFailed) {
                throw new UncheckedIOException("cannot move the unreadable " + file + " aside", moveFailed);
            }
            return List.of();
        }
    }

    void save(List<T> records) {
        try {
            OwnerOnlyFiles.replace(file, GSON.toJson(records, type));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the " + what + " in " + file, e);
        }
    }
}
