package org.messagebank.server;

import org.messagebank.store.jdbc.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** Brings the database schema up to date. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Apply pending database migrations and exit (serve also does this at start).")
final class MigrateCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Mixin
    Main.ConfigOption config;

    @Override
    public Integer call() {
        var cfg = config.load(main.env);
        try (var db = Database.connect(cfg.database())) {
            int applied = db.migrate();
            main.out.println(applied == 0 ? "database schema is up to date" : "applied " + applied + " migration(s)");
        }
        return 0;
    }
}
