package io.dmkit.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.emulator.internal.cli.EmulatorArguments;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@link EmulatorMain} does with arguments it cannot run: usage on stderr and exit status 2, or help on stdout. */
class EmulatorArgumentsMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void badFlagPrintsOneLineAndTheUsageAndExitsWith2() throws Exception {
        int status = run("--http-port", "eighty");
        assertThat(status).isEqualTo(EmulatorMain.USAGE_ERROR).isEqualTo(2);
        assertThat(text(out)).isEmpty();
        assertThat(text(err)).startsWith("dmkit-emulator: --http-port must be a port number")
                .contains(EmulatorArguments.USAGE);
    }

    @Test
    void helpPrintsTheUsageAndStartsNothing() throws Exception {
        assertThat(run("--help")).isZero();
        assertThat(text(out)).contains(EmulatorArguments.USAGE);
        assertThat(text(err)).isEmpty();
    }

    private int run(String... args) throws InterruptedException {
        return EmulatorMain.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
