package org.messagebank.server;

import org.messagebank.config.ConfigException;
import org.messagebank.config.ConfigLoader;
import org.messagebank.config.MessageBankConfig;
import org.messagebank.store.StoreException;
import org.messagebank.store.retention.LegalHoldException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** The {@code messagebank} command line. */
@Command(name = "messagebank", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Message Bank: the server for telephone answering services.",
        subcommands = {ServeCommand.class, MigrateCommand.class, ReindexCommand.class, ReapCommand.class,
                RetentionCommand.class, AuditCommand.class, SubjectCommand.class, ClientCommand.class, SimulateCallCommand.class,
                KafkaCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    /** Exit status for a configuration that cannot be used. */
    public static final int EXIT_CONFIG = 2;
    /** Exit status for a failure to start or to finish the command. */
    public static final int EXIT_FAILURE = 1;

    final Map<String, String> env;
    final PrintStream out;
    final PrintStream err;
    final Clock clock;

    Main(Map<String, String> env, PrintStream out, PrintStream err, Clock clock) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        int status = run(args, System.getenv(), System.out, System.err, Clock.systemUTC());
        if (status != ServeCommand.KEEP_RUNNING) {
            System.exit(status);
        }
    }

    /** Runs one command line; returns its exit status. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, Clock clock) {
        var cli = new CommandLine(new Main(env, out, err, clock));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, command, parseResult) -> {
            if (e instanceof ConfigException) {
                err.println("messagebank: configuration error: " + e.getMessage());
                return EXIT_CONFIG;
            }
            if (e instanceof StoreException || e instanceof IllegalStateException || e instanceof IllegalArgumentException
                    || e instanceof LegalHoldException) {
                err.println("messagebank: " + e.getMessage());
                log.debug("command failed", e);
                return EXIT_FAILURE;
            }
            err.println("messagebank: unexpected error: " + e);
            log.error("command failed", e);
            return EXIT_FAILURE;
        });
        return cli.execute(args);
    }

    /** The {@code --config} option every command shares. */
    static final class ConfigOption {
        @Option(names = "--config", paramLabel = "FILE",
                description = "YAML configuration file (default: $MB_CONFIG, else built-in defaults). See docs/configuration.md.")
        Path file;

        MessageBankConfig load(Map<String, String> env) {
            return ConfigLoader.load(Optional.ofNullable(file), env);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"messagebank " + (v == null ? "development build" : v)};
        }
    }
}
