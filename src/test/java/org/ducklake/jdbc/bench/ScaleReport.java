package org.ducklake.jdbc.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The scale benchmark's report: text lines (printed as they come and kept for the file), tables of ours against
 * raw with the ratio, and every ratio kept for the chart ({@link #writeChart}).
 */
final class ScaleReport {
    /** One ratio ours/raw of the chart; {@code group} is the P it belongs to. */
    static final class Ratio {
        final String group;
        final String label;
        final double value;

        Ratio(String group, String label, double value) {
            this.group = group;
            this.label = label;
            this.value = value;
        }
    }

    private final List<String> lines = new ArrayList<>();
    private final List<Ratio> ratios = new ArrayList<>();
    private String group = "";

    void line(String fmt, Object... args) {
        String s = String.format(Locale.ROOT, fmt, args);
        System.out.println(s);
        lines.add(s);
    }

    /** Starts the section of one P: a blank line and its title. */
    void section(String id, String title) {
        group = id;
        line("");
        line("%s  %s", id, title);
    }

    void header(String what, String ours, String raw) {
        line("  %-76s %16s %16s %8s", what, ours, raw, "ours/raw");
    }

    /** A row of ours against raw (numbers in {@code unit}); the ratio also goes to the chart. */
    void row(String what, double ours, double raw, String unit) {
        double ratio = ours / raw;
        line("  %-76s %16s %16s %8s", what, number(ours, unit), number(raw, unit), ratio(ratio));
        if (Double.isFinite(ratio) && ratio > 0) {
            ratios.add(new Ratio(group, what, ratio));
        }
    }

    /** A row with a side that did not run (e.g. the driver does not know the property yet). */
    void rowNotAvailable(String what, String why) {
        line("  %-76s %16s %16s %8s   %s", what, "n/a", "", "", why);
    }

    /** A row with free text in the two value columns, no ratio. */
    void rowText(String what, String ours, String raw) {
        line("  %-76s %16s %16s", what, ours, raw);
    }

    static String number(double v, String unit) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        String n = Math.abs(v) >= 1000
                ? String.format(Locale.ROOT, "%,.0f", v)
                : Math.abs(v) >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.3f", v);
        return n + " " + unit;
    }

    static String ratio(double r) {
        return Double.isFinite(r) ? String.format(Locale.ROOT, "%.3f", r) : "n/a";
    }

    void writeText(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Horizontal bars of every ratio ours/raw on a log scale centred on 1.0 (a bar to the left: ours needs less;
     * to the right: more), clipped at 1/32 and 32 with the value written beside each bar.
     */
    void writeChart(Path file, String title, String subtitle) throws IOException {
        int labelWidth = 560;
        int plotWidth = 520;
        int rowHeight = 22;
        int top = 70;
        double span = 5; // log2 of the largest ratio shown: 32
        int groups = (int) ratios.stream().map(r -> r.group).distinct().count();
        int height = top + rowHeight * (ratios.size() + groups) + 50;
        int width = labelWidth + plotWidth + 90;
        double centre = labelWidth + plotWidth / 2.0;
        double perLog2 = plotWidth / 2.0 / span;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\""
                        + " font-size=\"12\">%n",
                width,
                height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        svg.append(text(10, 22, title, "font-size=\"16\" font-weight=\"bold\""));
        svg.append(text(10, 42, subtitle, "fill=\"#555\""));
        // Axis ticks at 1/32 .. 32, with the line at 1.0 drawn last so it sits on top of the bars.
        int bottom = height - 40;
        for (int k = (int) -span; k <= span; k++) {
            double x = centre + k * perLog2;
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n",
                    x,
                    top - 8,
                    x,
                    bottom));
            String tick = k >= 0 ? String.valueOf(1 << k) : "1/" + (1 << -k);
            svg.append(text(x - 10, bottom + 16, tick, "fill=\"#555\""));
        }
        svg.append(text(labelWidth, top - 14, "ours faster / smaller", "fill=\"#2a7\""));
        svg.append(text(centre + plotWidth / 2.0 - 150, top - 14, "ours slower / larger", "fill=\"#c44\""));
        int y = top;
        String current = null;
        for (Ratio r : ratios) {
            if (!r.group.equals(current)) {
                current = r.group;
                svg.append(text(10, y + 15, r.group, "font-weight=\"bold\""));
                y += rowHeight;
            }
            double log2 = Math.max(-span, Math.min(span, Math.log(r.value) / Math.log(2)));
            double x1 = Math.min(centre, centre + log2 * perLog2);
            double w = Math.max(1, Math.abs(log2 * perLog2));
            String colour = r.value <= 1 ? "#2a7" : "#c44";
            svg.append(text(20, y + 15, r.label, ""));
            svg.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
                    x1,
                    y + 4,
                    w,
                    rowHeight - 8,
                    colour));
            double labelX = r.value <= 1 ? x1 - 48 : x1 + w + 4;
            svg.append(text(labelX, y + 15, ratio(r.value), ""));
            y += rowHeight;
        }
        svg.append(String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\" stroke-width=\"1.5\"/>%n",
                centre,
                top - 8,
                centre,
                bottom));
        svg.append(text(centre + 4, bottom + 30, "1.0 = same as raw duckdb_jdbc (ratio ours/raw, log scale)", ""));
        svg.append("</svg>\n");
        Files.createDirectories(file.getParent());
        Files.write(file, svg.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String text(double x, double y, String s, String attributes) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" %s>%s</text>%n", x, y, attributes, escape(s));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static double median(double[] v) {
        return percentile(v, 50);
    }

    static double percentile(double[] v, int p) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        return s[Math.max(0, Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1))];
    }
}
