package org.messagebank.delivery.mail;

import org.messagebank.config.ConfigLoader;
import org.messagebank.config.DeliveryConfig;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Mail settings loaded the way the server loads them, and small waits. */
final class MailTestSupport {
    private MailTestSupport() {
    }

    static DeliveryConfig.Mail smtp(int port, boolean tls, boolean startTlsRequired, Path trustFile) {
        return smtp(port, tls, startTlsRequired, trustFile, Map.of());
    }

    static DeliveryConfig.Mail smtp(int port, boolean tls, boolean startTlsRequired, Path trustFile, Map<String, String> more) {
        Map<String, String> env = new HashMap<>(more);
        env.put("MB_MAIL_SMTP_HOST", "127.0.0.1");
        env.put("MB_MAIL_SMTP_PORT", Integer.toString(port));
        env.put("MB_MAIL_SMTP_TLS", Boolean.toString(tls));
        env.put("MB_MAIL_SMTP_STARTTLS_REQUIRED", Boolean.toString(startTlsRequired));
        env.put("MB_MAIL_SMTP_TIMEOUT", "10s");
        env.put("MB_MAIL_FROM", "Acme Answering <messages@mb.example>");
        if (trustFile != null) {
            env.put("MB_MAIL_SMTP_TRUST_FILE", trustFile.toString());
        }
        return ConfigLoader.load(Optional.empty(), env).delivery().mail();
    }

    static OutgoingMail mail(String to, String reference) {
        return new OutgoingMail(to, "[Acme] New message from Jane", "Caller: Jane\n", "<p>Caller: Jane</p>", reference);
    }

    static boolean accepts(int port) {
        try (var socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
