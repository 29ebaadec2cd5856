package org.messagebank.delivery.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import java.time.Clock;
import java.util.Date;

/**
 * Builds the MIME form of an {@link OutgoingMail}: multipart/alternative plain text and HTML in
 * UTF-8, with {@code Message-ID} (stable per dispatch, so a resend is recognisable as the same
 * email), {@code Date} from the injected clock and {@code Auto-Submitted: auto-generated}.
 */
final class MimeMessages {
    private final Session session;
    private final InternetAddress from;
    private final String domain;
    private final Clock clock;

    MimeMessages(Session session, String from, Clock clock) {
        this.session = session;
        try {
            this.from = new InternetAddress(from, true);
        } catch (AddressException e) {
            throw new IllegalArgumentException("mail.from is not an email address", e);
        }
        String address = this.from.getAddress();
        this.domain = address.contains("@") ? address.substring(address.indexOf('@') + 1) : "localhost";
        this.clock = clock;
    }

    String messageId(OutgoingMail mail) {
        return "<" + mail.reference().replaceAll("[^A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]", ".") + ".messagebank@" + domain + ">";
    }

    /** The MIME message; an {@link AddressException} means the recipient address is unusable. */
    MimeMessage build(OutgoingMail mail) throws MessagingException {
        String messageId = messageId(mail);
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(from);
        message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(mail.to(), true));
        message.setSubject(mail.subject(), "UTF-8");
        message.setSentDate(Date.from(clock.instant()));
        message.setHeader("Auto-Submitted", "auto-generated");
        message.setHeader("X-Auto-Response-Suppress", "All");
        var plain = new MimeBodyPart();
        plain.setText(mail.plain(), "UTF-8", "plain");
        var html = new MimeBodyPart();
        html.setText(mail.html(), "UTF-8", "html");
        var alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(plain);
        alternative.addBodyPart(html);
        message.setContent(alternative);
        message.saveChanges();
        return message;
    }
}
