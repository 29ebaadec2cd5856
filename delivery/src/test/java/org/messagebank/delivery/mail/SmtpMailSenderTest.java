package org.messagebank.delivery.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.delivery.SendResult;
import org.messagebank.store.TestData;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.messagebank.delivery.mail.MailTestSupport.mail;
import static org.messagebank.delivery.mail.MailTestSupport.smtp;

/** SMTP against GreenMail: plain SMTP and implicit TLS (SMTPS) with a certificate made for the test. */
class SmtpMailSenderTest {
    @TempDir
    static Path certificates;
    private static TestCertificate certificate;
    private final TestData.MutableClock clock = new TestData.MutableClock(Instant.parse("2026-03-01T09:00:00Z"));
    private GreenMail greenMail;
    private int smtpPort;
    private int smtpsPort;

    @BeforeAll
    static void makeCertificate() throws Exception {
        certificate = TestCertificate.create(certificates);
        System.setProperty("greenmail.tls.keystore.file", certificate.pkcs12().toString());
        System.setProperty("greenmail.tls.keystore.password", certificate.password());
        System.setProperty("greenmail.tls.key.password", certificate.password());
    }

    @BeforeEach
    void startGreenMail() throws Exception {
        smtpPort = SmtpStandIn.freePort();
        smtpsPort = SmtpStandIn.freePort();
        greenMail = startOn(smtpPort, smtpsPort);
    }

    private static GreenMail startOn(int smtp, int smtps) {
        var mail = new GreenMail(new ServerSetup[] {SmtpStandIn.setup(smtp, "smtp"), SmtpStandIn.setup(smtps, "smtps")});
        mail.start();
        return mail;
    }

    @AfterEach
    void stopGreenMail() {
        if (greenMail != null) {
            greenMail.stop();
        }
    }

    private SmtpMailSender plain() {
        return new SmtpMailSender(smtp(smtpPort, false, false, null), clock);
    }

    @Test
    void sendsPlainTextAndHtmlWithTheRequiredHeaders() throws Exception {
        try (var sender = plain()) {
            var result = assertInstanceOf(SendResult.Sent.class, sender.send(mail("alice@example.com", "m1:c2:EMAIL")));
            assertEquals("<m1.c2.EMAIL.messagebank@mb.example>", result.providerId());
        }
        MimeMessage received = greenMail.getReceivedMessages()[0];
        assertEquals("<m1.c2.EMAIL.messagebank@mb.example>", received.getMessageID());
        assertEquals("auto-generated", received.getHeader("Auto-Submitted", null));
        assertEquals(Date.from(clock.instant()), received.getSentDate());
        assertEquals("[Acme] New message from Jane", received.getSubject());
        assertEquals("alice@example.com", received.getAllRecipients()[0].toString());
        var parts = (MimeMultipart) received.getContent();
        assertTrue(parts.getContentType().startsWith("multipart/alternative"));
        assertTrue(parts.getBodyPart(0).isMimeType("text/plain"));
        assertTrue(parts.getBodyPart(1).isMimeType("text/html"));
    }

    @Test
    void reusesOneConnectionForManyEmails() {
        try (var sender = plain()) {
            for (int i = 0; i < 20; i++) {
                assertInstanceOf(SendResult.Sent.class, sender.send(mail("bob@example.com", "m" + i + ":c1:EMAIL")));
            }
            assertEquals(1, sender.connectionsOpened());
        }
        assertEquals(20, greenMail.getReceivedMessages().length);
    }

    @Test
    void reportsTheServerDownAsTransientAndReconnectsOnceItIsBack() throws Exception {
        try (var sender = plain()) {
            assertInstanceOf(SendResult.Sent.class, sender.send(mail("bob@example.com", "before")));
            greenMail.stop();
            var down = assertInstanceOf(SendResult.Transient.class, sender.send(mail("bob@example.com", "during")));
            assertEquals("connection", down.code());
            greenMail = startOn(smtpPort, smtpsPort);
            assertInstanceOf(SendResult.Sent.class, sender.send(mail("bob@example.com", "during")));
            assertInstanceOf(SendResult.Sent.class, sender.send(mail("bob@example.com", "after")));
        }
        var ids = Arrays.stream(greenMail.getReceivedMessages()).map(m -> {
            try {
                return m.getMessageID();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertEquals(java.util.List.of("<during.messagebank@mb.example>", "<after.messagebank@mb.example>"), ids);
    }

    @Test
    void sendsOverImplicitTlsTrustingTheConfiguredCertificate() throws Exception {
        try (var sender = new SmtpMailSender(smtp(smtpsPort, true, true, certificate.certificate()), clock)) {
            assertInstanceOf(SendResult.Sent.class, sender.send(mail("alice@example.com", "tls")));
        }
        assertEquals(1, greenMail.getReceivedMessages().length);
    }

    @Test
    void refusesAnUntrustedCertificate() {
        try (var sender = new SmtpMailSender(smtp(smtpsPort, true, true, null), clock)) {
            assertInstanceOf(SendResult.Transient.class, sender.send(mail("alice@example.com", "tls")));
        }
        assertEquals(0, greenMail.getReceivedMessages().length);
    }

    @Test
    void refusesToSendInTheClearWhenStartTlsIsRequiredButNotOffered() {
        try (var sender = new SmtpMailSender(smtp(smtpPort, false, true, certificate.certificate()), clock)) {
            assertInstanceOf(SendResult.Transient.class, sender.send(mail("alice@example.com", "clear")));
        }
        assertEquals(0, greenMail.getReceivedMessages().length);
    }

    @Test
    void treatsA5xxReplyAsPermanentAndA4xxAsTransient() throws Exception {
        try (var rejecting = new ScriptedSmtpServer("550 5.1.1 no such user");
             var sender = new SmtpMailSender(smtp(rejecting.port(), false, false, null), clock)) {
            var result = assertInstanceOf(SendResult.Permanent.class, sender.send(mail("nobody@example.com", "r")));
            assertEquals("550", result.code());
        }
        try (var greylisting = new ScriptedSmtpServer("451 4.7.1 try again later");
             var sender = new SmtpMailSender(smtp(greylisting.port(), false, false, null), clock)) {
            var result = assertInstanceOf(SendResult.Transient.class, sender.send(mail("later@example.com", "r")));
            assertEquals("451", result.code());
        }
    }

    @Test
    void authenticatesWithTheConfiguredUserAndReportsARefusedLoginAsTransient() throws Exception {
        greenMail.setUser("mb@mb.example", "messagebank", "s3cret");
        var good = smtp(smtpPort, false, false, null, java.util.Map.of("MB_MAIL_SMTP_USER", "messagebank", "MB_MAIL_SMTP_PASSWORD", "s3cret"));
        try (var sender = new SmtpMailSender(good, clock)) {
            assertInstanceOf(SendResult.Sent.class, sender.send(mail("alice@example.com", "auth")));
        }
        var bad = smtp(smtpPort, false, false, null, java.util.Map.of("MB_MAIL_SMTP_USER", "messagebank", "MB_MAIL_SMTP_PASSWORD", "wrong"));
        try (var sender = new SmtpMailSender(bad, clock)) {
            var result = assertInstanceOf(SendResult.Transient.class, sender.send(mail("alice@example.com", "refused")));
            assertEquals("auth", result.code());
        }
        assertEquals(1, greenMail.getReceivedMessages().length);
    }

    @Test
    void refusesAnInvalidRecipientAddressPermanently() {
        try (var sender = plain()) {
            var result = assertInstanceOf(SendResult.Permanent.class, sender.send(mail("not an address", "r")));
            assertEquals("address", result.code());
        }
    }

    @Test
    void writesAnEmlFileWhenNoSmtpHostIsSet(@TempDir Path outbox) throws Exception {
        var sender = new EmlFileMailSender(outbox, "Acme Answering <messages@mb.example>", clock);
        assertInstanceOf(SendResult.Sent.class, sender.send(mail("alice@example.com", "m1:c2:EMAIL")));
        String eml = Files.readString(outbox.resolve("m1_c2_EMAIL.eml"));
        assertTrue(eml.contains("Auto-Submitted: auto-generated"), eml);
        assertTrue(eml.contains("Message-ID: <m1.c2.EMAIL.messagebank@mb.example>"), eml);
    }
}
