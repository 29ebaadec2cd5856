package org.messagebank.server;

import org.messagebank.server.auth.PasswordHasher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Runs the server until SIGTERM or SIGINT, then stops gracefully. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the server: database, search index, FastAGI/AMI telephony and HTTP (health, metrics). Stops gracefully on SIGTERM.")
final class ServeCommand implements Callable<Integer> {
    /** Returned once the server runs: the process lives on until a signal stops it. */
    static final int KEEP_RUNNING = -1;
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @ParentCommand
    Main main;

    @Mixin
    Main.ConfigOption config;

    @Option(names = "--demo", description = "Seed the demo client \"Acme Plumbing\" with its users and print their logins; "
            + "the demo operator is logged in to take calls.")
    boolean demo;

    @Override
    public Integer call() {
        long startedAt = System.nanoTime();
        var cfg = config.load(main.env);
        var node = Node.open(cfg, main.clock);
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shutdown").unstarted(() -> {
            log.info("stopping");
            node.close();
            log.info("stopped");
            stopped.countDown();
        }));
        try {
            if (demo) {
                DemoData.seed(node.store(), new PasswordHasher()).forEach(main.out::println);
            }
            node.scheduleReaper();
            var agi = node.serveTelephony();
            if (demo) {
                DemoData.operator(node.store()).ifPresent(operator -> node.telephony().logIn(operator.id()));
            }
            var address = node.serveHttp();
            String host = cfg.http().host().equals("0.0.0.0") || cfg.http().host().equals("::") ? "localhost" : cfg.http().host();
            main.out.printf(Locale.ROOT, "FastAGI for Asterisk on %s:%d%n", agi.getHostString(), agi.getPort());
            main.out.printf(Locale.ROOT, "Message Bank is ready at %s://%s:%d/ (started in %.1f s)%n",
                    cfg.http().tls().isPresent() ? "https" : "http", host, address.getPort(), (System.nanoTime() - startedAt) / 1e9);
            main.out.flush();
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return KEEP_RUNNING;
    }
}
