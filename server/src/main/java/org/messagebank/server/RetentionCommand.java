package org.messagebank.server;

import org.messagebank.store.retention.RetentionReaper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Prints the retention report. */
@Command(name = "retention", mixinStandardHelpOptions = true,
        description = "Print the retention report: per category, records held, the oldest one's age against its limit, and how many are due.")
final class RetentionCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Mixin
    Main.ConfigOption config;

    @Override
    public Integer call() {
        var cfg = config.load(main.env);
        try (var offline = new Offline(cfg, main.clock)) {
            var reaper = new RetentionReaper(offline.store().retention(), offline.store().audit(), cfg.retention(), main.clock, () -> {
            });
            main.out.printf("%-32s %10s %12s %12s %10s%n", "category", "held", "oldest", "limit", "due");
            for (var line : reaper.report().values()) {
                main.out.printf("%-32s %10d %12s %12s %10d%n", line.category().description(), line.held(),
                        days(line.oldestAge()), days(line.limit()), line.due());
            }
        }
        return 0;
    }

    private static String days(Duration d) {
        return d.toHours() < 48 ? d.toHours() + " h" : d.toDays() + " days";
    }
}
