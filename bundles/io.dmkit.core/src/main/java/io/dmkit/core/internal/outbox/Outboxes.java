package io.dmkit.core.internal.outbox;

import io.dmkit.api.SessionConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes each session's outbox: on disk in the data directory ({@code <dir>/<session>.db}) when
 * the session asks for a persistent one and there is a directory, in memory otherwise.
 */
public final class Outboxes {

    private static final Logger LOG = LoggerFactory.getLogger(Outboxes.class);

    private final Optional<Path> directory;

    /** @param directory where persistent outboxes live; empty for in-memory outboxes only */
    public Outboxes(Optional<Path> directory) {
        this.directory = directory;
    }

    /**
     * @throws IllegalStateException when the session's outbox file cannot be opened
     */
    public Outbox open(SessionConfig config) {
        InMemoryOutbox queue = new InMemoryOutbox(config.queueCapacity(), config.queueMaxBytes(), config.queueOverflow());
        if (config.outbox() == SessionConfig.Outbox.MEMORY) {
            return queue;
        }
        if (directory.isEmpty()) {
            LOG.info("{}: no data directory, so queued messages are kept in memory only", config.name());
            return queue;
        }
        return new PersistentOutbox(config.name(), queue,
                MessageStore.open(fileOf(directory.get(), config.name()), config.outboxFsync()));
    }

    /**
     * Deletes the outbox of a session that is gone for good (its configuration was deleted).
     *
     * @return how many unsent messages it held
     */
    public int discard(String session) {
        if (directory.isEmpty() || !Files.exists(fileOf(directory.get(), session))) {
            return 0;
        }
        Path file = fileOf(directory.get(), session);
        int unsent = 0;
        try (MessageStore store = MessageStore.open(file, false)) {
            unsent = store.count();
        } catch (IllegalStateException e) {
            LOG.warn("the outbox {} of the deleted session {} could not be read before "
                    + "deleting it: {}", file, session, e.getMessage());
        }
        try {
            MessageStore.deleteFiles(file);
        } catch (IOException e) {
            LOG.warn("could not delete the outbox {} of the deleted session {}: {}", file, session, e.getMessage());
        }
        return unsent;
    }

    /** Session names are letters, digits, '.', '_' and '-': safe as file names as they are. */
    private static Path fileOf(Path directory, String session) {
        return directory.resolve(session + ".db");
    }
}
