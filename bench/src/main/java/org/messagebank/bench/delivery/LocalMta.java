package org.messagebank.bench.delivery;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A local MTA for benchmarks: Debian's aiosmtpd on 127.0.0.1 requiring STARTTLS with a
 * self-signed certificate made by openssl, discarding what it receives.
 */
final class LocalMta implements AutoCloseable {
    final Path certificate;
    final int port;
    private final Process process;

    private LocalMta(Path certificate, int port, Process process) {
        this.certificate = certificate;
        this.port = port;
        this.process = process;
    }

    static LocalMta start(Path dir) throws IOException, InterruptedException {
        Path cert = dir.resolve("mta-cert.pem");
        Path key = dir.resolve("mta-key.pem");
        exec(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", cert.toString(),
                "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1");
        int port;
        try (var probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Process process = new ProcessBuilder("/usr/bin/aiosmtpd", "-n", "-l", "127.0.0.1:" + port, "--tlscert", cert.toString(),
                "--tlskey", key.toString(), "-c", "aiosmtpd.handlers.Sink")
                .redirectErrorStream(true).redirectOutput(dir.resolve("aiosmtpd.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (var socket = new Socket("127.0.0.1", port)) {
                return new LocalMta(cert, port, process);
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IOException("aiosmtpd did not start: " + Files.readString(dir.resolve("aiosmtpd.log")));
                }
                Thread.sleep(50);
            }
        }
    }

    private static void exec(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.log").toFile()).start();
        if (p.waitFor() != 0) {
            throw new IOException("openssl failed: " + Files.readString(dir.resolve("openssl.log")));
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
