package org.messagebank.server;

import org.messagebank.store.index.LuceneMessageIndex;
import org.messagebank.store.retention.RetentionReaper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.Optional;
import java.util.concurrent.Callable;

/** Runs the retention reaper once. */
@Command(name = "reap", mixinStandardHelpOptions = true,
        description = {"Delete what the retention policy says must go, now (the server also does this every reaper.interval).",
                "Safe while the server runs: only one node reaps at a time, and the running server purges its index."})
final class ReapCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Mixin
    Main.ConfigOption config;

    @Option(names = "--dry-run", description = "Count what would be deleted, per category, and delete nothing.")
    boolean dryRun;

    @Option(names = "--duty", paramLabel = "PERCENT",
            description = "Share of the run spent deleting, 1-100 (default: reaper.duty-percent). 100 never rests:"
                    + " right when nothing else uses the database.")
    Integer duty;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (duty != null && (duty < 1 || duty > 100)) {
            throw new ParameterException(spec.commandLine(), "--duty must be a whole number from 1 to 100: " + duty);
        }
        var cfg = config.load(main.env);
        var policy = duty == null ? cfg.retention() : cfg.retention().withReaperDutyPercent(duty);
        try (var offline = new Offline(cfg, main.clock)) {
            Optional<LuceneMessageIndex> index = dryRun ? Optional.empty() : offline.indexIfFree();
            try {
                Runnable purge = index.<Runnable>map(i -> offline.indexer(i)::purgeDeleted).orElse(() -> {
                });
                var run = new RetentionReaper(offline.store().retention(), offline.store().audit(), policy, main.clock, purge)
                        .run(dryRun);
                if (!run.ran()) {
                    main.out.println(run);
                    return 0;
                }
                run.counts().forEach((category, count) -> main.out.printf("%-32s %s %d%n", category.description(),
                        dryRun ? "would delete" : "deleted", count));
                if (!dryRun && index.isEmpty()) {
                    main.out.println("the search index is in use by the running server, which purges the deletions at its next commit");
                }
            } finally {
                index.ifPresent(LuceneMessageIndex::close);
            }
        }
        return 0;
    }
}
