package org.ducklake.jdbc.errors;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The secret values of one lake (passwords, keys, tokens), masked in every text an error carries. Longest
 * first, so a secret that contains another is masked whole.
 */
public final class Scrubber {
    public static final Scrubber NONE = new Scrubber(List.of());
    static final String MASK = "****";

    private final List<String> secrets;

    private Scrubber(List<String> secrets) {
        this.secrets = secrets;
    }

    /** A scrubber for these values; empty ones are ignored. */
    public static Scrubber of(Collection<String> values) {
        List<String> kept = new ArrayList<>();
        for (String v : values) {
            if (v != null && !v.isEmpty() && !kept.contains(v)) {
                kept.add(v);
            }
        }
        kept.sort(Comparator.comparingInt(String::length).reversed());
        return kept.isEmpty() ? NONE : new Scrubber(List.copyOf(kept));
    }

    /** The text with every secret value replaced by {@code ****}. */
    public String scrub(String text) {
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, MASK);
        }
        return out;
    }

    @Override
    public String toString() {
        return "Scrubber[" + secrets.size() + " secrets]";
    }
}
