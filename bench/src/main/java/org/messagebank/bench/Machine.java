package org.messagebank.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/** What a result was measured on, for the report. */
public final class Machine {
    private Machine() {
    }

    public static String describe() {
        var runtime = Runtime.getRuntime();
        return String.format(Locale.ROOT, "%s | cpus=%d | cpu=%s | mem=%s | jdk=%s %s | max heap=%d MB | args=%s",
                Instant.now(), runtime.availableProcessors(), cpuModel(), memTotal(), System.getProperty("java.vendor"),
                Runtime.version(), runtime.maxMemory() >> 20, ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    public static String loadAverage() {
        return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** Heap in use after a full collection, in MB. */
    static long heapAfterGcMb() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }

    private static String cpuModel() {
        return firstValue(Path.of("/proc/cpuinfo"), "model name");
    }

    private static String memTotal() {
        return firstValue(Path.of("/proc/meminfo"), "MemTotal");
    }

    private static String firstValue(Path file, String key) {
        try (var lines = Files.lines(file)) {
            return lines.filter(l -> l.startsWith(key)).map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst()
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
