package io.dmkit.benchmarks;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How much the suite measures. The defaults keep a run on a two-core machine to a few minutes;
 * {@code --quick} divides every count by ten (to try the harness, not to publish figures).
 *
 * @param rounds timed rounds per figure (after one warm-up round), interleaving dmkit and the raw client
 * @param smallMessages messages per round with the small payload
 * @param largeMessages messages per round with the large payload
 * @param commandSamples timed command round trips per path in figure 3 (after a warm-up of a quarter as many)
 * @param desiredSamples timed desired patches per path in figure 3 (likewise)
 * @param gatewayStarts gateway starts in figure 5
 * @param out where performance.md and performance.png go
 * @param gatewayJar the packaged gateway that figure 5 starts
 * @param work where brokers and data directories live during the run
 * @param figures the figures to measure (1 to 5); the report is written only when all are
 * @param quick whether this is a {@code --quick} run
 */
record Settings(int rounds, int smallMessages, int largeMessages, int commandSamples, int desiredSamples, int gatewayStarts, Path out,
        Path gatewayJar, Path work, Set<Integer> figures, boolean quick) {

    static final Set<Integer> ALL_FIGURES = Set.of(1, 2, 3, 4, 5);

    static final int SMALL_PAYLOAD = 256;
    static final int LARGE_PAYLOAD = 4096;

    boolean measures(int figure) {
        return figures.contains(figure);
    }

    boolean allFigures() {
        return figures.containsAll(ALL_FIGURES);
    }

    static Settings fromArgs(String[] args) {
        boolean quick = false;
        Path out = Path.of("docs");
        Path jar = Path.of("distribution/target/dmkit-gateway.jar");
        Path work = Path.of("benchmarks/target/bench-work");
        Set<Integer> figures = ALL_FIGURES;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--out" -> out = Path.of(args[++i]);
                case "--gateway-jar" -> jar = Path.of(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--figures" -> figures = Arrays.stream(args[++i].split(",")).map(String::trim)
                        .map(Integer::valueOf).collect(Collectors.toUnmodifiableSet());
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; use --quick, --out DIR, --gateway-jar FILE, --work DIR, --figures 1,3");
            }
        }
        int scale = quick ? 10 : 1;
        if (!ALL_FIGURES.containsAll(figures)) {
            throw new IllegalArgumentException("--figures takes numbers from 1 to 5, not " + figures);
        }
        return new Settings(quick ? 2 : 5, 10_000 / scale, 4_000 / scale, 2_000 / scale, 2_000 / scale, quick ? 1 : 3,
                out.toAbsolutePath(), jar.toAbsolutePath(), work.toAbsolutePath(), figures, quick);
    }
}
