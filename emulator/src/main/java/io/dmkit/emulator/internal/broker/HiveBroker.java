package io.dmkit.emulator.internal.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;

/**
 * HiveMQ CE, embedded, with one in-process extension that plays the cloud. HiveMQ keeps its
 * extension services in static fields, so one broker per class loader; the extension captures the
 * services it needs when it starts.
 */
public final class HiveBroker implements AutoCloseable {

    private static final long START_SECONDS = 60;

    private final EmbeddedHiveMQ hivemq;

    private HiveBroker(EmbeddedHiveMQ hivemq) {
        this.hivemq = hivemq;
    }

    /**
     * Writes the configuration under {@code brokerDir} and starts the broker.
     *
     * @throws IOException if the broker does not start (a port in use, unreadable key store)
     */
    public static HiveBroker start(Path brokerDir, BrokerListeners listeners, ExtensionMain extension)
            throws IOException {
        Path config = brokerDir.resolve("conf");
        BrokerConfigFile.write(config, listeners);
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(config)
                .withDataFolder(Files.createDirectories(brokerDir.resolve("data")))
                .withExtensionsFolder(Files.createDirectories(brokerDir.resolve("extensions")))
                .withoutLoggingBootstrap()
                .withEmbeddedExtension(EmbeddedExtension.builder()
                        .withId("dmkit-emulator").withName("dmkit emulator").withVersion("1")
                        .withAuthor("dmkit").withPriority(1000).withStartPriority(1000)
                        .withExtensionMain(extension).build())
                .build();
        try {
            hivemq.start().get(START_SECONDS, TimeUnit.SECONDS);
            return new HiveBroker(hivemq);
        } catch (ExecutionException | TimeoutException e) {
            closeQuietly(hivemq);
            throw new IOException("the embedded HiveMQ broker did not start (" + listeners + "): "
                    + rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(hivemq);
            throw new IOException("interrupted while starting the broker", e);
        }
    }

    @Override
    public void close() {
        closeQuietly(hivemq);
    }

    private static void closeQuietly(EmbeddedHiveMQ hivemq) {
        try {
            hivemq.close();
        } catch (ExecutionException e) {
            // already stopped or failed to start: nothing left to release
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
