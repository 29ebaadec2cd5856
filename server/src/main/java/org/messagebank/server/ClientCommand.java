package org.messagebank.server;

import org.messagebank.store.NotFoundException;
import org.messagebank.store.index.LuceneMessageIndex;
import org.messagebank.store.retention.RetentionReaper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** Client-level requests. */
@Command(name = "client", mixinStandardHelpOptions = true, description = "Requests a client makes about its own data.",
        subcommands = ClientCommand.EraseMessages.class)
final class ClientCommand {
    @ParentCommand
    Main main;

    @Command(name = "erase-messages", mixinStandardHelpOptions = true,
            description = {"Delete every message of a client now, at the client's request, search index included.",
                    "Confirm twice: the client id, then its exact name with --confirm-name. Refused under a legal hold."})
    static final class EraseMessages implements Callable<Integer> {
        @ParentCommand
        ClientCommand parent;
        @Mixin
        Main.ConfigOption config;
        @Parameters(index = "0", paramLabel = "CLIENT_ID")
        long clientId;
        @Option(names = "--confirm-name", required = true, paramLabel = "NAME", description = "The client's exact name.")
        String confirmName;
        @Option(names = "--actor", paramLabel = "WHO", description = "Who makes the request, for the audit log (default: cli:$USER).")
        String actor;

        @Override
        public Integer call() {
            var main = parent.main;
            var cfg = config.load(main.env);
            try (var offline = new Offline(cfg, main.clock)) {
                var client = offline.store().clients().find(clientId)
                        .orElseThrow(() -> new NotFoundException("no client " + clientId));
                if (!client.name().equals(confirmName)) {
                    main.err.println("messagebank: --confirm-name does not match the name of client " + clientId + "; nothing was erased");
                    return Main.EXIT_FAILURE;
                }
                var index = offline.indexIfFree();
                try {
                    Runnable purge = index.<Runnable>map(i -> offline.indexer(i)::purgeDeleted).orElse(() -> {
                    });
                    long erased = new RetentionReaper(offline.store().retention(), offline.store().audit(), cfg.retention(),
                            main.clock, purge).eraseClientMessages(actor != null ? actor : "cli:" + main.env.getOrDefault("USER", "unknown"), clientId);
                    main.out.println("erased " + erased + " message(s) of client " + clientId);
                } finally {
                    index.ifPresent(LuceneMessageIndex::close);
                }
            }
            return 0;
        }
    }
}
