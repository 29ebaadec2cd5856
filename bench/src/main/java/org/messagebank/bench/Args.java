package org.messagebank.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} command-line options; every option has a default, unknown ones are an error. */
public record Args(Map<String, String> values) {

    public static Args parse(String[] argv, Set<String> known) {
        var values = new HashMap<String, String>();
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (!a.startsWith("--") || i + 1 >= argv.length) {
                throw new IllegalArgumentException("expected --name value, got: " + a);
            }
            String name = a.substring(2);
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; known: " + known);
            }
            values.put(name, argv[++i]);
        }
        return new Args(Map.copyOf(values));
    }

    public String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public int integer(String name, int fallback) {
        return values.containsKey(name) ? Integer.parseInt(values.get(name).replace("_", "")) : fallback;
    }

    public long longValue(String name, long fallback) {
        return values.containsKey(name) ? Long.parseLong(values.get(name).replace("_", "")) : fallback;
    }

    public Duration seconds(String name, long fallback) {
        return Duration.ofSeconds(longValue(name, fallback));
    }

    public List<Integer> integers(String name, String fallback) {
        return Arrays.stream(string(name, fallback).split(",")).map(String::strip).map(Integer::parseInt).toList();
    }

    public Path path(String name) {
        return values.containsKey(name) ? Path.of(values.get(name)) : null;
    }
}
