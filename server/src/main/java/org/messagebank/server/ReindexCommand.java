package org.messagebank.server;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** Rebuilds the search index from the database. */
@Command(name = "reindex", mixinStandardHelpOptions = true,
        description = "Rebuild the search index from the database. Run it while the server is stopped.")
final class ReindexCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Mixin
    Main.ConfigOption config;

    @Override
    public Integer call() {
        var cfg = config.load(main.env);
        try (var offline = new Offline(cfg, main.clock); var index = offline.openIndex()) {
            long count = offline.indexer(index).rebuild();
            main.out.println("reindexed " + count + " message(s) into " + cfg.index().dir());
        }
        return 0;
    }
}
