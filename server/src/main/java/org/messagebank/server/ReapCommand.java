package org.messagebank.server;

import org.messagebank.store.index.LuceneMessageIndex;
import org.messagebank.store.retention.RetentionReaper;
import picocli.CommandLine.Command;
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

    @Override
    public Integer call() {
        var cfg = config.load(main.env);
        try (var offline = new Offline(cfg, main.clock)) {
            Optional<LuceneMessageIndex> index = dryRun ? Optional.empty() : offline.indexIfFree();
            try {
                Runnable purge = index.<Runnable>map(i -> offline.indexer(i)::purgeDeleted).orElse(() -> {
                });
                var run = new RetentionReaper(offline.store().retention(), offline.store().audit(), cfg.retention(), main.clock, purge)
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
