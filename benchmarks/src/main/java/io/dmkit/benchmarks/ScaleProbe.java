package io.dmkit.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * What this JVM holds at one moment, for figure 4: heap in use after garbage collection, resident set
 * size, live Java threads, how many of those are Paho's (their names start with {@code "MQTT "}), and,
 * when the JVM runs with {@code -XX:NativeMemoryTracking=summary}, the committed memory of its threads
 * (stack pages in use and thread structures) as Native Memory Tracking counts it (-1 without it).
 * (Its committed heap is not resident memory, the initial heap being committed untouched: not used.)
 */
record ScaleProbe(long heapBytes, long rssKib, int threads, int pahoThreads, long threadsCommittedKib) {

    private static final Pattern NMT_THREAD = Pattern.compile("- +Thread \\(reserved=\\d+KB, committed=(\\d+)KB\\)");

    /** Full collections before reading the heap: what is left is what the sessions really hold. */
    private static final int COLLECTIONS = 4;

    static ScaleProbe take() throws InterruptedException {
        nativeMemorySummary(); // the first call sets up JMX: its objects must not count as the sessions' heap
        for (int i = 0; i < COLLECTIONS; i++) {
            System.gc();
            Thread.sleep(100); // lets reference processing and cleaners run between collections
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        // Paho 1.2.5 names every thread of a client "MQTT Rec: id", "MQTT Snd: id", "MQTT Call: id", "MQTT Con: id"
        String nmt = nativeMemorySummary();
        return new ScaleProbe(heap, readRssKib(), ManagementFactory.getThreadMXBean().getThreadCount(),
                countThreads("MQTT "), kib(NMT_THREAD, nmt));
    }

    /** {@code jcmd <pid> VM.native_memory summary}, asked of this JVM; empty when tracking is off. */
    private static String nativeMemorySummary() {
        try {
            Object text = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                    new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()});
            return String.valueOf(text);
        } catch (JMException | RuntimeException e) {
            return "";
        }
    }

    private static long kib(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Live threads whose name starts with {@code prefix}; cheap enough to sample every few milliseconds. */
    static int countThreads(String prefix) {
        Thread[] all = new Thread[Thread.activeCount() + 256];
        int n = Thread.enumerate(all);
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (all[i].getName().startsWith(prefix)) {
                count++;
            }
        }
        return count;
    }

    /** {@code VmRSS} of /proc/self/status in KiB, -1 where there is no /proc. */
    static long readRssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return -1;
    }
}
