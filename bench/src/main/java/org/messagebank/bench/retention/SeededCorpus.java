package org.messagebank.bench.retention;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A seeded data directory (database and index, both closed) that later runs reuse: each run
 * works on a copy, so the reaper never consumes the seed. A marker file names what was
 * seeded; a directory without it (a seeding that was killed) is seeded again.
 */
final class SeededCorpus {
    static final String MARKER = "reaper-bench-corpus.properties";
    /** Bump when the seeding changes, so that older directories are seeded again. */
    static final String VERSION = "1";

    private SeededCorpus() {
    }

    static boolean matches(Path dir, int expired) throws IOException {
        Path marker = dir.resolve(MARKER);
        if (!Files.isRegularFile(marker)) {
            return false;
        }
        var props = new Properties();
        try (var in = Files.newInputStream(marker)) {
            props.load(in);
        }
        return VERSION.equals(props.getProperty("version")) && Integer.toString(expired).equals(props.getProperty("expired"));
    }

    static void mark(Path dir, int expired) throws IOException {
        var props = new Properties();
        props.setProperty("version", VERSION);
        props.setProperty("expired", Integer.toString(expired));
        try (var out = Files.newOutputStream(dir.resolve(MARKER))) {
            props.store(out, "ReaperBench seed");
        }
    }

    /** Copies the seeded database and index (not the marker) into an empty working directory. */
    static void copy(Path seed, Path target) throws IOException {
        try (var paths = Files.walk(seed)) {
            for (Path p : paths.toList()) {
                if (p.getFileName().toString().equals(MARKER)) {
                    continue;
                }
                Path to = target.resolve(seed.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
    }
}
