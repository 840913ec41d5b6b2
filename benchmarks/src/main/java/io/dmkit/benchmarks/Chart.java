package io.dmkit.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * docs/performance.png, drawn with Java2D (no charting library), one panel per figure of pairs: telemetry
 * throughput per payload size (raw Paho, dmkit in-memory, dmkit persistent), latency p50/p99 (dmkit beside
 * raw Paho) and telemetry through the emulator's Azure dialect (dmkit beside the Azure device SDK).
 */
final class Chart {

    private static final int PANELS = 3;
    private static final int PANEL_WIDTH = 500;
    private static final int WIDTH = PANELS * PANEL_WIDTH;
    private static final int HEIGHT = 420;
    private static final Color[] SERIES = {new Color(0x9e9e9e), new Color(0x1f77b4), new Color(0xff7f0e)};

    private Chart() {
    }

    static void write(Path file, List<TelemetryThroughput.Result> telemetry, Latency.Result[] latency,
            List<VendorSdkThroughput.Result> vendor) throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);

            String[] groups = telemetry.stream().map(r -> r.payloadBytes() + " B").toArray(String[]::new);
            double[][] rates = telemetry.stream().map(r -> new double[] {Stats.median(r.raw()),
                    Stats.median(r.memory()), Stats.median(r.persistent())}).toArray(double[][]::new);
            panel(g, 0, "Telemetry QoS 1 (messages/s, median)", groups, rates,
                    new String[] {"raw Paho", "dmkit in-memory", "dmkit persistent"}, "%,.0f");

            String[] paths = new String[latency.length * 2];
            double[][] millis = new double[latency.length * 2][];
            for (int i = 0; i < latency.length; i++) {
                Latency.Result r = latency[i];
                String name = r.name().startsWith("command") ? "command" : "desired";
                paths[2 * i] = name + " p50";
                paths[2 * i + 1] = name + " p99";
                millis[2 * i] = new double[] {r.raw(50) / 1000, r.dmkit(50) / 1000};
                millis[2 * i + 1] = new double[] {r.raw(99) / 1000, r.dmkit(99) / 1000};
            }
            panel(g, PANEL_WIDTH, "Latency on loopback (ms)", paths, millis, new String[] {"raw Paho", "dmkit"},
                    "%.2f");

            String[] sizes = vendor.stream().map(r -> r.payloadBytes() + " B").toArray(String[]::new);
            double[][] azure = vendor.stream().map(r -> new double[] {Stats.median(r.sdk()), Stats.median(r.dmkit()),
                    Stats.median(r.tuned())}).toArray(double[][]::new);
            panel(g, 2 * PANEL_WIDTH, "Azure dialect of the emulator (messages/s)", sizes, azure,
                    new String[] {"Azure SDK", "dmkit", "Azure SDK, tuned"}, "%,.0f");
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", file.toFile());
    }

    /** A grouped bar chart in one panel of the image: {@code values[group][series]}. */
    private static void panel(Graphics2D g, int x0, String title, String[] groups, double[][] values,
            String[] series, String label) {
        int left = x0 + 60;
        int right = x0 + PANEL_WIDTH - 20;
        int top = 60;
        int bottom = HEIGHT - 60;
        double max = 0;
        for (double[] group : values) {
            for (double v : group) {
                max = Math.max(max, Double.isNaN(v) ? 0 : v);
            }
        }
        max = max <= 0 ? 1 : max * 1.15;

        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, left, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int s = 0; s < series.length; s++) {
            int lx = left + s * 140;
            g.setColor(SERIES[s % SERIES.length]);
            g.fillRect(lx, 38, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(series[s], lx + 16, 49);
        }
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1));
        g.drawLine(left, bottom, right, bottom);
        g.drawLine(left, top, left, bottom);

        int groupWidth = (right - left) / Math.max(1, groups.length);
        int barWidth = Math.max(6, (groupWidth - 20) / series.length);
        for (int i = 0; i < groups.length; i++) {
            int gx = left + i * groupWidth + 10;
            for (int s = 0; s < values[i].length; s++) {
                double v = Double.isNaN(values[i][s]) ? 0 : values[i][s];
                int h = (int) Math.round(v / max * (bottom - top));
                int bx = gx + s * barWidth;
                g.setColor(SERIES[s % SERIES.length]);
                g.fillRect(bx, bottom - h, barWidth - 4, h);
                g.setColor(Color.DARK_GRAY);
                String text = String.format(Locale.ROOT, label, values[i][s]);
                g.drawString(text, bx, bottom - h - 4);
            }
            g.setColor(Color.BLACK);
            g.drawString(groups[i], gx, bottom + 18);
        }
    }
}
