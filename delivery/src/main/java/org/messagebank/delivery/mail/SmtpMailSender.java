package org.messagebank.delivery.mail;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.messagebank.config.DeliveryConfig;
import org.messagebank.delivery.SendResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.util.Properties;

/**
 * Email over SMTP with Jakarta Mail (Angus). Holds one connection, opened on first use and
 * reused for every following email (it is not pinged before use); when a send fails on a reused connection (the server
 * closed it while idle) it reconnects and tries once more; any other connection failure
 * closes it, so the next send reconnects. SMTP 4xx replies and connection failures are
 * transient, 5xx replies and unusable addresses permanent. Not thread-safe: one per worker.
 */
public final class SmtpMailSender implements MailSender {
    private static final Logger log = LoggerFactory.getLogger(SmtpMailSender.class);

    private final DeliveryConfig.Mail config;
    private final Session session;
    private final String protocol;
    private final MimeMessages messages;
    private Transport transport;
    private int connectionsOpened;

    public SmtpMailSender(DeliveryConfig.Mail config, Clock clock) {
        this.config = config;
        this.protocol = config.tls() ? "smtps" : "smtp";
        this.session = Session.getInstance(properties(config, protocol));
        this.messages = new MimeMessages(session, config.from(), clock);
    }

    static Properties properties(DeliveryConfig.Mail config, String protocol) {
        String p = "mail." + protocol + ".";
        var props = new Properties();
        props.setProperty("mail.transport.protocol", protocol);
        props.setProperty(p + "host", config.host());
        props.setProperty(p + "port", Integer.toString(config.port()));
        String timeout = Long.toString(config.timeout().toMillis());
        props.setProperty(p + "connectiontimeout", timeout);
        props.setProperty(p + "timeout", timeout);
        props.setProperty(p + "writetimeout", timeout);
        props.setProperty(p + "auth", Boolean.toString(!config.user().isEmpty()));
        props.setProperty(p + "ssl.checkserveridentity", "true");
        props.put(p + "socketFactory", NoDelaySocketFactory.plain());
        props.setProperty(p + "socketFactory.fallback", "false");
        props.put(p + "ssl.socketFactory", NoDelaySocketFactory.tls(tlsFactory(config)));
        if (config.tls()) {
            props.setProperty(p + "ssl.enable", "true");
        } else {
            props.setProperty(p + "starttls.enable", "true");
            props.setProperty(p + "starttls.required", Boolean.toString(config.startTlsRequired()));
        }
        return props;
    }

    private static SSLSocketFactory tlsFactory(DeliveryConfig.Mail config) {
        try {
            if (config.trustFile().isEmpty()) {
                return SSLContext.getDefault().getSocketFactory();
            }
            var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore(config.trustFile().get()));
            var context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot use mail.smtp.trust-file " + config.trustFile().get() + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore trustStore(Path pem) throws GeneralSecurityException, IOException {
        var store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("trusted-" + i++, certificate);
            }
        }
        if (store.size() == 0) {
            throw new GeneralSecurityException("no certificate in the file");
        }
        return store;
    }

    @Override
    public SendResult send(OutgoingMail mail) {
        MimeMessage message;
        try {
            message = messages.build(mail);
        } catch (AddressException e) {
            return SendResult.permanent("address", "the recipient address is not valid");
        } catch (MessagingException e) {
            return SendResult.permanent("message", e.getMessage());
        }
        boolean reused = transport != null;
        try {
            return deliver(message);
        } catch (MessagingException e) {
            SendResult result = classify(e);
            if (result instanceof SendResult.Transient && !isReply(e)) {
                disconnect();
                if (reused) {
                    log.debug("reused SMTP connection failed; reconnecting once", e);
                    try {
                        return deliver(message);
                    } catch (MessagingException again) {
                        if (!isReply(again)) {
                            disconnect();
                        }
                        return classify(again);
                    }
                }
            }
            return result;
        }
    }

    private SendResult deliver(MimeMessage message) throws MessagingException {
        if (transport == null) {
            var fresh = session.getTransport(protocol);
            if (config.user().isEmpty()) {
                fresh.connect();
            } else {
                fresh.connect(config.host(), config.port(), config.user(), config.password());
            }
            transport = fresh;
            connectionsOpened++;
        }
        transport.sendMessage(message, message.getAllRecipients());
        return SendResult.sent(message.getMessageID());
    }

    private static boolean isReply(MessagingException e) {
        return replyCode(e) > 0;
    }

    private static int replyCode(Throwable e) {
        for (Throwable t = e; t != null; t = t instanceof MessagingException m && m.getNextException() != null ? m.getNextException() : t.getCause()) {
            if (t instanceof SMTPAddressFailedException a) {
                return a.getReturnCode();
            }
            if (t instanceof SMTPSenderFailedException s) {
                return s.getReturnCode();
            }
            if (t instanceof SMTPSendFailedException s) {
                return s.getReturnCode();
            }
            if (t == t.getCause()) {
                break;
            }
        }
        return -1;
    }

    static SendResult classify(MessagingException e) {
        int code = replyCode(e);
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        if (code >= 500) {
            return SendResult.permanent(Integer.toString(code), text);
        }
        if (code >= 400) {
            return SendResult.retryable(Integer.toString(code), text);
        }
        if (e instanceof AuthenticationFailedException) {
            return SendResult.retryable("auth", "SMTP authentication failed");
        }
        if (e instanceof SendFailedException) {
            return SendResult.retryable("send", text);
        }
        return SendResult.retryable("connection", text);
    }

    private void disconnect() {
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException ignored) {
                // the connection is being dropped anyway
            }
            transport = null;
        }
    }

    /** How many SMTP connections this sender has opened. */
    public int connectionsOpened() {
        return connectionsOpened;
    }

    @Override
    public void close() {
        disconnect();
    }
}
