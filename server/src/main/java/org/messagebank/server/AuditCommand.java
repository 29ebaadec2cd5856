package org.messagebank.server;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** Audit-log tools. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Audit-log tools.",
        subcommands = AuditCommand.Verify.class)
final class AuditCommand {
    @ParentCommand
    Main main;

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check the audit log's hash chain; report the first broken link (exit status 1) or that it is intact.")
    static final class Verify implements Callable<Integer> {
        @ParentCommand
        AuditCommand audit;

        @Mixin
        Main.ConfigOption config;

        @Override
        public Integer call() {
            var main = audit.main;
            var cfg = config.load(main.env);
            try (var offline = new Offline(cfg, main.clock)) {
                var broken = offline.store().audit().firstBrokenLink();
                if (broken.isPresent()) {
                    main.out.println("audit log broken at entry " + broken.getAsLong()
                            + ": it or an entry before it was changed or removed");
                    return Main.EXIT_FAILURE;
                }
                main.out.println("audit log intact");
                return 0;
            }
        }
    }
}
