package io.dmkit.emulator;

import io.dmkit.emulator.internal.cli.EmulatorArguments;
import io.dmkit.emulator.internal.cli.JulToSlf4j;
import io.dmkit.emulator.internal.cli.StartupBanner;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar dmkit-emulator.jar}: runs the emulator until the process is stopped (Ctrl-C,
 * SIGTERM), then closes it, so the state directory is left consistent. {@code --help} lists the options.
 */
public final class EmulatorMain {

    /** Exit status for a command line that cannot be run, as most Unix tools use it. */
    public static final int USAGE_ERROR = 2;
    /** Exit status for an emulator that could not start (a port in use, an unusable state directory). */
    public static final int START_FAILED = 1;

    private EmulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int status = run(List.of(args), System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Parses the arguments and, unless they ask for help or are wrong, runs the emulator until the JVM
     * shuts down.
     *
     * @return 0 after help or a shutdown, {@link #USAGE_ERROR} or {@link #START_FAILED}
     */
    static int run(List<String> args, PrintStream out, PrintStream err) throws InterruptedException {
        EmulatorArguments arguments;
        try {
            arguments = EmulatorArguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("dmkit-emulator: " + e.getMessage());
            err.println(EmulatorArguments.USAGE);
            return USAGE_ERROR;
        }
        if (arguments.help()) {
            out.println(EmulatorArguments.USAGE);
            return 0;
        }
        JulToSlf4j.install();
        Emulator emulator;
        try {
            emulator = Emulator.start(arguments.options());
        } catch (IOException e) {
            err.println("dmkit-emulator: cannot start: " + e.getMessage());
            return START_FAILED;
        }
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            out.println("dmkit emulator stopped");
            closed.countDown();
        }, "dmkit-emulator-shutdown"));
        StartupBanner.lines(emulator.endpoints(), arguments.options().bindAddress()).forEach(out::println);
        closed.await();
        return 0;
    }
}
