package org.messagebank.delivery.mail;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.delivery.SendResult;
import org.messagebank.store.TestData;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.messagebank.delivery.mail.MailTestSupport.mail;
import static org.messagebank.delivery.mail.MailTestSupport.smtp;

/** The STARTTLS path against a real MTA (aiosmtpd requiring STARTTLS), with a certificate made for the test. */
class StartTlsMailTest {
    @TempDir
    static Path dir;
    private static TestCertificate certificate;
    private static AiosmtpdServer mta;
    private final TestData.MutableClock clock = new TestData.MutableClock(Instant.parse("2026-03-01T09:00:00Z"));

    @BeforeAll
    static void startMta() throws Exception {
        Files.createDirectories(dir.resolve("certs"));
        certificate = TestCertificate.create(dir.resolve("certs"));
        mta = AiosmtpdServer.start(certificate, dir.resolve("maildir"), dir.resolve("aiosmtpd.log"));
    }

    @AfterAll
    static void stopMta() {
        if (mta != null) {
            mta.close();
        }
    }

    @Test
    void upgradesWithStartTlsAndDeliversOverOneReusedConnection() throws Exception {
        int before = mta.received().size();
        try (var sender = new SmtpMailSender(smtp(mta.port(), false, true, certificate.certificate()), clock)) {
            for (int i = 0; i < 3; i++) {
                assertInstanceOf(SendResult.Sent.class, sender.send(mail("alice@example.com", "starttls-" + i)));
            }
            assertEquals(1, sender.connectionsOpened());
        }
        assertEquals(before + 3, mta.received().size());
        String raw = Files.readString(mta.received().getFirst());
        assertTrue(raw.contains("Auto-Submitted: auto-generated"), raw);
    }

    @Test
    void refusesAServerWhoseCertificateItDoesNotTrust() throws Exception {
        int before = mta.received().size();
        try (var sender = new SmtpMailSender(smtp(mta.port(), false, true, null), clock)) {
            var result = assertInstanceOf(SendResult.Transient.class, sender.send(mail("alice@example.com", "untrusted")));
            assertEquals("connection", result.code());
        }
        assertEquals(before, mta.received().size());
    }

    @Test
    void usesStartTlsWhenOfferedEvenIfOnlyOptional() throws Exception {
        int before = mta.received().size();
        try (var sender = new SmtpMailSender(smtp(mta.port(), false, false, certificate.certificate()), clock)) {
            // this MTA refuses MAIL before STARTTLS, so success shows the upgrade happened
            assertInstanceOf(SendResult.Sent.class, sender.send(mail("alice@example.com", "optional")));
        }
        assertEquals(before + 1, mta.received().size());
    }
}
