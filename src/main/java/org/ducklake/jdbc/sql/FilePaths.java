package org.ducklake.jdbc.sql;

import java.nio.file.InvalidPathException;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;

/**
 * Paths as DuckDB resolves them, for the write and catalog-file rules of {@link LakeOnlySql}: {@code ~} is the
 * home directory, a relative path is relative to the process's working directory, {@code file://} is a local
 * path, and {@code .} and {@code ..} segments are resolved, for URLs too.
 */
final class FilePaths {
    private FilePaths() {}

    /** The path normalized, with "/" separators; null when it cannot be read as a path. */
    static String normalize(String path) {
        if (path == null || path.isEmpty()) {
            return null;
        }
        String p = path;
        if (p.toLowerCase(Locale.ROOT).startsWith("file://")) {
            p = p.substring("file://".length());
        }
        int scheme = p.indexOf("://");
        if (scheme > 0 && p.substring(0, scheme).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            return url(p.substring(0, scheme + 3).toLowerCase(Locale.ROOT), p.substring(scheme + 3));
        }
        if (p.equals("~") || p.startsWith("~/")) {
            p = System.getProperty("user.home") + p.substring(1);
        }
        try {
            String n = Paths.get(p).toAbsolutePath().normalize().toString().replace('\\', '/');
            return p.endsWith("/") && !n.endsWith("/") ? n + "/" : n;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** {@code scheme://bucket/a/../b} as {@code scheme://bucket/b}; null when ".." would leave the bucket. */
    private static String url(String scheme, String rest) {
        String[] parts = rest.split("/", -1);
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        for (int k = 0; k < parts.length; k++) {
            String part = parts[k];
            if (part.equals(".") && k > 0) {
                continue;
            }
            if (part.equals("..")) {
                if (out.size() <= 1) {
                    return null;
                }
                out.remove(out.size() - 1);
                continue;
            }
            out.add(part);
        }
        String joined = String.join("/", out);
        if ((rest.endsWith("/.") || rest.endsWith("/..")) && !joined.endsWith("/")) {
            joined += "/";
        }
        return scheme + joined;
    }

    /**
     * Whether a string constant could name one of the files, literally or as a glob pattern DuckDB would
     * expand ({@code *}, {@code ?}, {@code [}, {@code {}): a pattern whose fixed start lies in a file's
     * directory and could go on to its name, or lies above it and goes on into subdirectories.
     */
    static boolean mayName(String text, List<String> files) {
        if (files.isEmpty() || text.isEmpty()) {
            return false;
        }
        // Compared without case: on a case-insensitive file system (macOS, Windows) META.DUCKLAKE is the file.
        String lower = text.toLowerCase(Locale.ROOT);
        int glob = firstGlob(text);
        if (glob < 0
                && files.stream()
                        .noneMatch(f -> lower.contains(
                                f.substring(f.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT)))) {
            return false; // the common case, a string that is data: no path work for it
        }
        if (glob < 0) {
            String n = normalize(text);
            return n == null || files.stream().anyMatch(n::equalsIgnoreCase);
        }
        String fixed = text.substring(0, glob);
        int slash = fixed.lastIndexOf('/');
        String dir = normalize(slash < 0 ? "." : slash == 0 ? "/" : fixed.substring(0, slash));
        if (dir == null) {
            return true; // not a path we can read: fail closed for a pattern
        }
        String namePrefix = fixed.substring(slash + 1).toLowerCase(Locale.ROOT);
        boolean deeper = text.indexOf('/', glob) >= 0 || text.contains("**");
        String base = (dir.endsWith("/") ? dir : dir + "/").toLowerCase(Locale.ROOT);
        for (String file : files) {
            String f = file.toLowerCase(Locale.ROOT);
            int cut = f.lastIndexOf('/');
            String fileDir = f.substring(0, cut + 1);
            String fileName = f.substring(cut + 1);
            if (fileDir.equals(base) && fileName.startsWith(namePrefix)) {
                return true;
            }
            if (deeper && fileDir.startsWith(base)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the text is a URL (scheme://…) whose path has a "." or ".." segment. */
    static boolean isUrlWithDotSegments(String text) {
        int scheme = text.indexOf("://");
        if (scheme <= 0 || !text.substring(0, scheme).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            return false;
        }
        for (String part : text.substring(scheme + 3).split("[/?#]", -1)) {
            if (part.equals(".") || part.equals("..")) {
                return true;
            }
        }
        return false;
    }

    private static int firstGlob(String text) {
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c == '*' || c == '?' || c == '[' || c == '{') {
                return k;
            }
        }
        return -1;
    }
}
