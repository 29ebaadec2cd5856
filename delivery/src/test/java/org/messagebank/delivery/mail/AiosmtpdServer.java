package org.messagebank.delivery.mail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real MTA for the STARTTLS path: Debian's {@code python3-aiosmtpd} on 127.0.0.1, requiring
 * STARTTLS with the given certificate, storing what it receives in a Maildir (or discarding
 * it). Install with {@code apt-get install python3-aiosmtpd}; {@code .ci/run} does.
 */
final class AiosmtpdServer implements AutoCloseable {
    static final Path EXECUTABLE = Path.of("/usr/bin/aiosmtpd");

    private final Process process;
    private final int port;
    private final Path maildir;

    private AiosmtpdServer(Process process, int port, Path maildir) {
        this.process = process;
        this.port = port;
        this.maildir = maildir;
    }

    /**
     * @param maildir where to keep received mail, or null to discard it (benchmarks)
     */
    static AiosmtpdServer start(TestCertificateFiles certificate, Path maildir, Path log) throws IOException, InterruptedException {
        if (!Files.isExecutable(EXECUTABLE)) {
            String why = EXECUTABLE + " is missing: apt-get install -y python3-aiosmtpd (see .ci/run)";
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(why);
            }
            org.junit.jupiter.api.Assumptions.abort(why + "; the STARTTLS test is skipped here and runs in CI");
        }
        int port = SmtpStandIn.freePort();
        var command = new java.util.ArrayList<>(List.of(EXECUTABLE.toString(), "-n", "-l", "127.0.0.1:" + port,
                "--tlscert", certificate.certificate().toString(), "--tlskey", certificate.key().toString()));
        if (maildir == null) {
            command.addAll(List.of("-c", "aiosmtpd.handlers.Sink"));
        } else {
            command.addAll(List.of("-c", "aiosmtpd.handlers.Mailbox", maildir.toString()));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        var server = new AiosmtpdServer(process, port, maildir);
        try {
            org.messagebank.store.Await.until("aiosmtpd to listen on " + port, () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("aiosmtpd exited: " + read(log));
                }
                return MailTestSupport.accepts(port);
            });
        } catch (RuntimeException | InterruptedException | AssertionError e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    int port() {
        return port;
    }

    /** The messages received so far, as raw files. */
    List<Path> received() throws IOException {
        Path fresh = maildir.resolve("new");
        if (!Files.isDirectory(fresh)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(fresh)) {
            return files.toList();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A certificate and key in PEM files. */
    interface TestCertificateFiles {
        Path certificate();

        Path key();
    }
}
