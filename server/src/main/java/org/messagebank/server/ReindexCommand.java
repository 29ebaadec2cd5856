package org.messagebank.server;

import org.messagebank.store.PhoneNumbers;
import org.messagebank.store.event.InProcessEventBus;
import org.messagebank.store.index.LuceneMessageIndex;
import org.messagebank.store.index.MessageIndexer;
import org.messagebank.store.jdbc.Database;
import org.messagebank.store.jdbc.JdbcMessageBankStore;
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
        try (var bus = new InProcessEventBus();
             var store = new JdbcMessageBankStore(Database.open(cfg.database()), main.clock, bus);
             var index = LuceneMessageIndex.open(cfg.index().dir(), new PhoneNumbers(cfg.phone().defaultRegion()))) {
            long count = new MessageIndexer(store.messages(), index, cfg.index().refreshInterval(), cfg.index().commitInterval())
                    .rebuild();
            main.out.println("reindexed " + count + " message(s) into " + cfg.index().dir());
        }
        return 0;
    }
}
