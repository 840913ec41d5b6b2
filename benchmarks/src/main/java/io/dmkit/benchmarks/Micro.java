package io.dmkit.benchmarks;

import io.dmkit.benchmarks.jmh.SendMessageBenchmark;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The JMH micro-benchmarks of the suite ({@link SendMessageBenchmark}): the caller's cost of
 * {@code sendMessage} per outbox and payload, without the network. JMH forks its own JVM with the
 * suite's class path; {@code --quick} shortens the iterations.
 */
final class Micro {

    /** One JMH result: the parameters and the mean time per message with its error (99.9 %). */
    record Result(String outbox, int payloadBytes, double micros, double error) {
    }

    private final Settings settings;

    Micro(Settings settings) {
        this.settings = settings;
    }

    List<Result> run() throws Exception {
        OptionsBuilder options = new OptionsBuilder();
        options.include(SendMessageBenchmark.class.getName()).shouldFailOnError(true);
        String logging = System.getProperty("java.util.logging.config.file");
        if (logging != null) {
            options.jvmArgsAppend("-Djava.util.logging.config.file=" + logging); // the fork logs as quietly
        }
        if (settings.quick()) {
            options.warmupIterations(1).measurementIterations(2);
        }
        Options built = options.build();
        Collection<RunResult> runs = new Runner(built).run();
        List<Result> results = new ArrayList<>();
        for (RunResult run : runs) {
            // a single-shot score is the time of one batch of MESSAGES calls
            double perMessage = 1.0 / SendMessageBenchmark.MESSAGES;
            results.add(new Result(run.getParams().getParam("outbox"),
                    Integer.parseInt(run.getParams().getParam("payloadBytes")),
                    run.getPrimaryResult().getScore() * perMessage, run.getPrimaryResult().getScoreError() * perMessage));
        }
        return results;
    }

    static String markdown(List<Result> results) {
        StringBuilder md = new StringBuilder();
        md.append("`io.dmkit.benchmarks.jmh.SendMessageBenchmark`: each iteration accepts ")
                .append(String.format(Locale.ROOT, "%,d", SendMessageBenchmark.MESSAGES))
                .append(" messages into the empty outbox of a session that cannot connect, so the figure is ")
                .append("the caller's cost alone (checks, queueing and, with the persistent outbox, the SQLite ")
                .append("insert before `sendMessage` returns). JMH single-shot batches, one fork, mean ± error ")
                .append("(99.9 %).\n\n");
        md.append("| outbox | payload | µs per message |\n|---|---|---|\n");
        for (Result r : results) {
            md.append(String.format(Locale.ROOT, "| %s | %d B | %.2f ± %.2f |\n", r.outbox(), r.payloadBytes(),
                    r.micros(), r.error()));
        }
        return md.toString();
    }
}
