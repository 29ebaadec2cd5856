package org.messagebank.delivery.mail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made at test time with openssl: the
 * PEM certificate (what the client trusts), the PEM key, and a PKCS#12 store of both (GreenMail).
 */
record TestCertificate(Path certificate, Path key, Path pkcs12, String password) implements AiosmtpdServer.TestCertificateFiles {

    static TestCertificate create(Path dir) throws IOException, InterruptedException {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Path p12 = dir.resolve("store.p12");
        run(dir, List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", cert.toString(),
                "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"));
        run(dir, List.of("openssl", "pkcs12", "-export", "-in", cert.toString(), "-inkey", key.toString(), "-out", p12.toString(),
                "-passout", "pass:changeit", "-name", "greenmail"));
        return new TestCertificate(cert, key, p12, "changeit");
    }

    private static void run(Path dir, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.log").toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("openssl failed: " + Files.readString(dir.resolve("openssl.log")));
        }
    }
}
