package org.messagebank.delivery.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import org.messagebank.delivery.SendResult;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Properties;

/**
 * The embedded default when no SMTP host is set: each email becomes one {@code .eml} file (the
 * full MIME message, as it would have been sent), written to a temporary name and moved into place.
 */
public final class EmlFileMailSender implements MailSender {
    private final Path dir;
    private final MimeMessages messages;

    public EmlFileMailSender(Path dir, String from, Clock clock) {
        this.dir = dir;
        this.messages = new MimeMessages(Session.getInstance(new Properties()), from, clock);
    }

    @Override
    public SendResult send(OutgoingMail mail) {
        try {
            var message = messages.build(mail);
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".mail-", ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                message.writeTo(out);
            }
            String name = mail.reference().replaceAll("[^A-Za-z0-9._-]", "_") + ".eml";
            Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return SendResult.sent(message.getMessageID());
        } catch (AddressException e) {
            return SendResult.permanent("address", "the recipient address is not valid");
        } catch (MessagingException e) {
            return SendResult.permanent("message", e.getMessage());
        } catch (IOException e) {
            return SendResult.retryable("io", e.getClass().getSimpleName());
        }
    }

    @Override
    public void close() {
    }
}
