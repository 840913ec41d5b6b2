package io.dmkit.core.internal.outbox;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import io.dmkit.api.DmMessage;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.JDBC;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * One session's queued messages in a SQLite file, written ahead of sending so that they survive
 * a restart or a crash of the process.
 *
 * <p>WAL journal, one small transaction per accepted message and one per batch of removals. With
 * {@code synchronous=NORMAL} (the default) a committed write survives a crash of the process,
 * because it is in the WAL file already; {@code fsync} mode ({@code synchronous=FULL}) also makes
 * it survive a power cut, at the cost of one disk flush per write. The file is opened in exclusive
 * locking mode: a second process (or a second session of the same name) cannot open it and gets a
 * clear error instead of interleaving writes. A file SQLite finds damaged is moved aside
 * (quarantined) and a new one is started, so that a bad file never keeps a gateway from sending.
 *
 * <p>Thread-safe: writes come from senders' threads (before {@code sendMessage} returns) and from
 * the session's control lane (acknowledgements).
 */
public final class MessageStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MessageStore.class);
    private static final Gson GSON = new Gson();
    private static final Type PROPERTIES = new TypeToken<Map<String, String>>() { }.getType();

    /** A message read back from the file. */
    record Stored(long sequence, DmMessage message, Instant accepted) {
    }

    private final Path file;
    private final Connection db;
    private final PreparedStatement insert;
    private final PreparedStatement delete;

    private MessageStore(Path file, Connection db) throws SQLException {
        this.file = file;
        this.db = db;
        this.insert = db.prepareStatement("INSERT INTO message(seq, accepted, payload, properties) VALUES (?, ?, ?, ?)");
        this.delete = db.prepareStatement("DELETE FROM message WHERE seq = ?");
    }

    /**
     * Opens (or creates) the store in this file. A damaged file is moved aside and replaced by an
     * empty one, with an error log naming both files.
     *
     * @throws IllegalStateException when the file cannot be opened or created (permissions, disk
     *         full, or another process holds it)
     */
    static MessageStore open(Path file, boolean fsync) {
        try {
            Files.createDirectories(file.getParent());
            try {
                return openChecked(file, fsync);
            } catch (SQLException e) {
                if (!isDamaged(e)) {
                    throw e;
                }
                Path aside = quarantine(file);
                LOG.error("the message outbox {} is damaged ({}); it was moved to {} and "
                        + "an empty outbox started. Messages queued in it are not sent; the moved file can be "
                        + "inspected with the sqlite3 tool.", file, e.getMessage(), aside);
                return openChecked(file, fsync);
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot open the message outbox " + file + ": " + describe(e), e);
        }
    }

    private static MessageStore openChecked(Path file, boolean fsync) throws SQLException {
        Properties settings = new Properties();
        // Only a second owner of the same file ever waits for the lock: fail fast and say so.
        settings.setProperty("busy_timeout", "1000");
        Connection db = JDBC.createConnection("jdbc:sqlite:" + file.toAbsolutePath(), settings);
        try {
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA locking_mode=EXCLUSIVE");
                // synchronous first: switching a new file to WAL then costs one fsync fewer (5, not 6)
                s.execute("PRAGMA synchronous=" + (fsync ? "FULL" : "NORMAL"));
                s.execute("PRAGMA journal_mode=WAL");
                // Takes the exclusive lock now, and finds a damaged file now rather than mid-flight.
                s.execute("CREATE TABLE IF NOT EXISTS message (seq INTEGER PRIMARY KEY, accepted INTEGER NOT NULL, "
                        + "payload BLOB NOT NULL, properties TEXT)");
                try (ResultSet check = s.executeQuery("PRAGMA quick_check")) {
                    String result = check.next() ? check.getString(1) : "no answer";
                    if (!"ok".equals(result)) {
                        throw new SQLiteException("quick_check: " + result, SQLiteErrorCode.SQLITE_CORRUPT);
                    }
                }
            }
            return new MessageStore(file, db);
        } catch (SQLException e) {
            db.close();
            throw e;
        }
    }

    /** Writes one accepted message. */
    synchronized void insert(long sequence, DmMessage message, Instant accepted) throws SQLException {
        insert.setLong(1, sequence);
        insert.setLong(2, accepted.toEpochMilli());
        insert.setBytes(3, message.payload());
        insert.setString(4, message.properties().isEmpty() ? null : GSON.toJson(message.properties()));
        insert.executeUpdate();
    }

    /** Removes one message (refused or dropped); a missing one is no error. */
    void delete(long sequence) {
        delete(List.of(sequence));
    }

    /** Removes messages (acknowledged, refused or dropped) in one transaction; missing ones are no error. */
    synchronized void delete(List<Long> sequences) {
        try {
            db.setAutoCommit(false);
            try {
                for (long sequence : sequences) {
                    delete.setLong(1, sequence);
                    delete.addBatch();
                }
                delete.executeBatch();
                db.commit();
            } catch (SQLException e) {
                delete.clearBatch();
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            // The messages stay on disk and are sent again after a restart: duplicates, never a loss.
            LOG.warn("could not remove {} message(s) from the outbox {} ({}); they may "
                    + "be sent again after a restart", sequences.size(), file, describe(e));
        }
    }

    /** How many messages the file holds. */
    synchronized int count() {
        try (Statement s = db.createStatement(); ResultSet rows = s.executeQuery("SELECT count(*) FROM message")) {
            return rows.next() ? rows.getInt(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the message outbox " + file + ": " + describe(e), e);
        }
    }

    /** Every stored message, oldest first. */
    synchronized List<Stored> readAll() {
        List<Stored> all = new ArrayList<>();
        try (Statement s = db.createStatement();
                ResultSet rows = s.executeQuery("SELECT seq, accepted, payload, properties FROM message ORDER BY seq")) {
            while (rows.next()) {
                DmMessage.Builder b = DmMessage.builder(rows.getBytes(3));
                String properties = rows.getString(4);
                if (properties != null) {
                    Map<String, String> map = GSON.fromJson(properties, PROPERTIES);
                    map.forEach(b::property);
                }
                all.add(new Stored(rows.getLong(1), b.build(), Instant.ofEpochMilli(rows.getLong(2))));
            }
        } catch (SQLException | RuntimeException e) {
            throw new IllegalStateException("cannot read the message outbox " + file + ": " + describe(e), e);
        }
        return all;
    }

    @Override
    public synchronized void close() {
        try {
            insert.close();
            delete.close();
            db.close();
        } catch (SQLException e) {
            LOG.warn("closing the message outbox {}: {}", file, describe(e));
        }
    }

    Path file() {
        return file;
    }

    /** Deletes a session's outbox file (with its WAL), for a session that is gone for good. */
    static void deleteFiles(Path file) throws IOException {
        for (Path p : companions(file)) {
            Files.deleteIfExists(p);
        }
    }

    private static Path quarantine(Path file) throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + System.currentTimeMillis());
        List<Path> parts = companions(file);
        Files.move(parts.get(0), aside, StandardCopyOption.REPLACE_EXISTING);
        for (Path p : parts.subList(1, parts.size())) {
            if (Files.exists(p)) {
                String suffix = p.getFileName().toString().substring(file.getFileName().toString().length());
                Files.move(p, aside.resolveSibling(aside.getFileName() + suffix), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return aside;
    }

    private static List<Path> companions(Path file) {
        String name = file.getFileName().toString();
        return List.of(file, file.resolveSibling(name + "-wal"), file.resolveSibling(name + "-shm"));
    }

    private static boolean isDamaged(SQLException e) {
        if (e instanceof SQLiteException s) {
            SQLiteErrorCode code = s.getResultCode();
            return code == SQLiteErrorCode.SQLITE_CORRUPT || code == SQLiteErrorCode.SQLITE_NOTADB
                    || code.code % 256 == SQLiteErrorCode.SQLITE_CORRUPT.code
                    || code.code % 256 == SQLiteErrorCode.SQLITE_NOTADB.code;
        }
        return false;
    }

    private static String describe(Exception e) {
        if (e instanceof SQLiteException s && s.getResultCode() == SQLiteErrorCode.SQLITE_BUSY) {
            return "it is in use by another process or session (" + e.getMessage() + ")";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
