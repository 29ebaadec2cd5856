package org.messagebank.server;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.server.auth.PasswordHasher;
import org.messagebank.store.domain.Role;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HTTPS from a PEM certificate and key: secure cookies, HSTS, and clear errors for bad files. */
class HttpsTest {
    @TempDir
    Path dir;
    private PageFixture page;

    @AfterEach
    void stop() {
        if (page != null) {
            page.close();
        }
    }

    @Test
    void servesHttpsWithSecureCookiesAndHsts() throws Exception {
        X509Bundle certificate = new CertificateBuilder().subject("CN=localhost").addSanDnsName("localhost")
                .setIsCertificateAuthority(true).ecp256().buildSelfSigned();
        Path cert = Files.writeString(dir.resolve("cert.pem"), certificate.getCertificatePEM());
        Path key = Files.writeString(dir.resolve("key.pem"), certificate.getPrivateKeyPEM());
        page = new PageFixture(dir, Clock.systemUTC(), false, "http.tls-certificate: " + cert, "http.tls-key: " + key);
        page.node.store().users().create("root", Role.ADMIN, null, null, new PasswordHasher().hash("correct horse battery"));
        int port = Integer.parseInt(page.base.substring(page.base.lastIndexOf(':') + 1));
        var tls = SSLContext.getInstance("TLS");
        tls.init(null, certificate.toTrustManagerFactory().getTrustManagers(), null);
        var https = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();

        var live = https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/health/live")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, live.statusCode());
        assertEquals("max-age=31536000", live.headers().firstValue("strict-transport-security").orElseThrow());

        var signIn = https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/api/v1/session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"root\",\"password\":\"correct horse battery\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, signIn.statusCode(), signIn.body());
        String cookie = signIn.headers().firstValue("set-cookie").orElseThrow();
        assertTrue(cookie.contains("; Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);

        assertThrows(IOException.class, () -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/health/live")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()), "plain HTTP gets no answer on the HTTPS port");
    }

    @Test
    void aKeyThatIsNotAKeyStopsStartUpNamingTheFiles() throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "not a certificate");
        Path key = Files.writeString(dir.resolve("key.pem"), "not a key");
        var config = ServerTestSupport.configIn(dir, "http.tls-certificate: " + cert, "http.tls-key: " + key);

        var run = ServerTestSupport.cli(Map.of(), "serve", "--config", config.toString());

        assertEquals(Main.EXIT_FAILURE, run.status(), run.out());
        assertTrue(run.err().contains("cannot use the TLS certificate " + cert + " with the key " + key), run.err());
        assertTrue(run.err().lines().count() <= 2, "one line, no stack trace: " + run.err());
    }
}
