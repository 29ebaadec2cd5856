package org.messagebank.bench;

import com.sun.management.OperatingSystemMXBean;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * How busy the rest of the machine was during a measurement: CPU time used by every process
 * (from {@code /proc/stat}) minus this JVM's, in cores. A benchmark sharing 2 cores with a build
 * shows it here, so a disturbed run can be told from a slow store.
 */
public final class CpuMeter {
    /** Linux reports {@code /proc/stat} in USER_HZ ticks, 100 per second on every mainstream kernel. */
    private static final double TICKS_PER_SECOND = 100;

    public record Sample(long wallNanos, long machineBusyTicks, long processCpuNanos) {
    }

    private CpuMeter() {
    }

    public static Sample sample() {
        var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new Sample(System.nanoTime(), machineBusyTicks(), os.getProcessCpuTime());
    }

    /** Average cores used by other processes between the two samples; NaN where /proc/stat is missing. */
    public static double otherCores(Sample from, Sample to) {
        if (from.machineBusyTicks() < 0 || to.machineBusyTicks() < 0) {
            return Double.NaN;
        }
        double wall = to.wallNanos() - from.wallNanos();
        double machine = (to.machineBusyTicks() - from.machineBusyTicks()) / TICKS_PER_SECOND * 1e9;
        double own = to.processCpuNanos() - from.processCpuNanos();
        return Math.max(0, (machine - own) / wall);
    }

    /** CPU time this JVM used between the two samples (all its threads: load, database, indexer, GC, JIT). */
    public static long ownCpuNanos(Sample from, Sample to) {
        return to.processCpuNanos() - from.processCpuNanos();
    }

    /** user + nice + system + irq + softirq + steal of the "cpu" line; -1 if unreadable. */
    private static long machineBusyTicks() {
        try (var lines = Files.lines(Path.of("/proc/stat"))) {
            var cpu = lines.filter(l -> l.startsWith("cpu ")).findFirst().orElse(null);
            if (cpu == null) {
                return -1;
            }
            long[] v = Arrays.stream(cpu.substring(4).strip().split("\\s+")).mapToLong(Long::parseLong).toArray();
            return v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
