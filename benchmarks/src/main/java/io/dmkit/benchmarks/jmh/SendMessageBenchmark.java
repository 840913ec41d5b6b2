package io.dmkit.benchmarks.jmh;

import io.dmkit.api.DmMessage;
import io.dmkit.api.DmResult;
import io.dmkit.api.DmSession;
import io.dmkit.api.SessionConfig;
import io.dmkit.benchmarks.Directories;
import io.dmkit.core.DmKit;
import io.dmkit.testing.Await;
import io.dmkit.testing.LoopbackPorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@code sendMessage} costs the caller's thread, apart from the network: validating and queueing
 * the message, and with the persistent outbox writing it to the session's SQLite file before returning.
 * Each iteration accepts {@value #MESSAGES} messages into the empty outbox of a new session that cannot
 * connect (nothing listens on its port), so nothing is sent or acknowledged meanwhile; the score is the
 * time per message. Figure 1 measures the same path end to end against a broker.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, batchSize = SendMessageBenchmark.MESSAGES)
@Measurement(iterations = 5, batchSize = SendMessageBenchmark.MESSAGES)
@Fork(value = 1, jvmArgs = {"-Xms512m", "-Xmx1g"})
public class SendMessageBenchmark {

    public static final int MESSAGES = 20_000;

    @Param({"memory", "persistent"})
    public String outbox;

    @Param({"256", "4096"})
    public int payloadBytes;

    private Path data;
    private DmKit dm;
    private int closedPort;
    private int iteration;
    private DmSession session;
    private DmMessage message;
    private CompletionStage<DmResult> last;

    @Setup(Level.Trial)
    public void start() throws IOException {
        data = Files.createTempDirectory("dmkit-jmh-");
        dm = DmKit.builder().discoverTransports().dataDirectory(data).build();
        closedPort = LoopbackPorts.free(); // nothing listens there: connects are refused
        message = DmMessage.builder(new byte[payloadBytes]).property("unit", "C").build();
    }

    @Setup(Level.Iteration)
    public void newSession() {
        session = dm.createSession(SessionConfig.builder("jmh-" + ++iteration).cloudType("thingspro")
                .host("127.0.0.1").port(closedPort).deviceId("jmh").option("security", "none")
                .outbox(SessionConfig.Outbox.valueOf(outbox.toUpperCase(java.util.Locale.ROOT)))
                .queueCapacity(MESSAGES).queueMaxBytes((long) MESSAGES * (payloadBytes + 1024))
                .reconnectDelays(Duration.ofMinutes(5), Duration.ofMinutes(5)).build());
    }

    @Benchmark
    public CompletionStage<DmResult> sendMessage() {
        return last = session.sendMessage(message);
    }

    @TearDown(Level.Iteration)
    public void removeSession() throws IOException {
        // the queue's figures follow on the session's control lane
        Await.until("every message of the iteration queued, the last one answered " + last, Duration.ofSeconds(30),
                () -> session.messageStats().queued() == MESSAGES);
        dm.removeSession(session.name());
        Directories.deleteRecursively(data.resolve("outbox")); // the removed session's file: disk use stays flat
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        dm.close();
        Directories.deleteRecursively(data);
    }
}
