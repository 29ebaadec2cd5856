package org.messagebank.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.escape.Escaper;
import com.google.common.html.HtmlEscapers;
import org.messagebank.delivery.sms.SmsSegments;
import org.messagebank.store.domain.Client;
import org.messagebank.store.domain.ContentMode;
import org.messagebank.store.domain.DeliveryRules;
import org.messagebank.store.domain.Message;
import org.messagebank.store.domain.Urgency;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The channel side of delivery: turns a message and the client's rules into an SMS text, an
 * email or a webhook document. In {@link ContentMode#SECURE_LINK} mode nothing the caller said
 * or is (name, number, fields) is included, only a link to the message in the portal. Text the
 * caller or operator typed is always HTML-escaped in the HTML part.
 */
public final class Composer {
    private static final Escaper HTML = HtmlEscapers.htmlEscaper();

    private final String publicUrl;
    private final String ackWord;
    private final int maxSegments;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param publicUrl   base URL of the portal, without a trailing slash
     * @param ackWord     the SMS reply that acknowledges an urgent message
     * @param maxSegments the longest SMS
     */
    public Composer(String publicUrl, String ackWord, int maxSegments) {
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        this.ackWord = ackWord;
        this.maxSegments = maxSegments;
    }

    /** The portal address of a message. */
    public String link(Message message) {
        return publicUrl + "/portal/messages/" + message.id();
    }

    public Content.Sms sms(Client client, DeliveryRules rules, Message message) {
        var text = new StringBuilder();
        if (!rules.subjectPrefix().isEmpty()) {
            text.append(oneLine(rules.subjectPrefix())).append(' ');
        }
        boolean urgent = message.urgency() == Urgency.URGENT;
        if (rules.contentMode() == ContentMode.SECURE_LINK) {
            text.append(urgent ? "Urgent message" : "New message").append(" for ").append(oneLine(client.name()))
                    .append(": ").append(link(message));
        } else {
            text.append(urgent ? "URGENT: " : "").append(caller(message)).append(". ");
            for (Map.Entry<String, String> field : message.fields().entrySet()) {
                text.append(oneLine(field.getKey())).append(": ").append(oneLine(field.getValue())).append(". ");
            }
            text.append(link(message));
        }
        if (urgent && !ackWord.isBlank()) {
            text.append(" Reply ").append(ackWord.strip()).append(" to acknowledge.");
        }
        return new Content.Sms(SmsSegments.fit(text.toString(), maxSegments));
    }

    public Content.Mail mail(Client client, DeliveryRules rules, Message message) {
        boolean urgent = message.urgency() == Urgency.URGENT;
        boolean full = rules.contentMode() == ContentMode.FULL;
        String subject = (rules.subjectPrefix().isEmpty() ? "" : oneLine(rules.subjectPrefix()) + " ")
                + (urgent ? "Urgent message" : "New message")
                + (full ? " from " + oneLine(caller(message)) : " for " + oneLine(client.name()));
        String link = link(message);
        String signOff = rules.signOff();

        var plain = new StringBuilder();
        var rows = new StringBuilder();
        plain.append(urgent ? "Urgent message" : "New message").append(" for ").append(client.name()).append("\n\n");
        if (full) {
            plain.append("Caller: ").append(caller(message)).append('\n');
            rows.append(row("Caller", caller(message)));
            for (Map.Entry<String, String> field : message.fields().entrySet()) {
                plain.append(field.getKey()).append(": ").append(field.getValue()).append('\n');
                rows.append(row(field.getKey(), field.getValue()));
            }
            plain.append('\n');
        }
        plain.append("Read it in the portal: ").append(link).append('\n');
        if (!signOff.isEmpty()) {
            plain.append("\n-- \n").append(signOff).append('\n');
        }

        String html = """
                <!DOCTYPE html>
                <html><head><meta charset="utf-8"><title>%s</title></head>
                <body>
                <p>%s for %s</p>
                %s<p><a href="%s">Read it in the portal</a></p>
                %s</body></html>
                """.formatted(HTML.escape(subject), urgent ? "<strong>Urgent message</strong>" : "New message",
                HTML.escape(client.name()), rows.isEmpty() ? "" : "<table>\n" + rows + "</table>\n", HTML.escape(link),
                signOff.isEmpty() ? "" : "<p>" + HTML.escape(signOff).replace("\n", "<br>") + "</p>\n");
        return new Content.Mail(subject, plain.toString(), html);
    }

    public Content.Webhook webhook(Client client, DeliveryRules rules, Message message) {
        ObjectNode root = json.createObjectNode();
        root.put("event", "message.created");
        root.put("messageId", message.id());
        root.put("clientId", client.id());
        root.put("createdAt", message.createdAt().toString());
        root.put("urgency", message.urgency().name());
        root.put("url", link(message));
        if (rules.contentMode() == ContentMode.FULL) {
            ObjectNode caller = root.putObject("caller");
            caller.put("number", message.callerNumber());
            caller.put("name", message.callerName());
            ObjectNode fields = root.putObject("fields");
            message.fields().forEach(fields::put);
        }
        try {
            return new Content.Webhook(json.writeValueAsString(root).getBytes(StandardCharsets.UTF_8));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot encode webhook document", e);
        }
    }

    private static String row(String name, String value) {
        return "<tr><th>" + HTML.escape(name) + "</th><td>" + HTML.escape(value).replace("\n", "<br>") + "</td></tr>\n";
    }

    private static String caller(Message message) {
        String name = message.callerName() == null || message.callerName().isBlank() ? "unknown caller" : message.callerName();
        return message.callerNumber() == null ? name : name + " (" + message.callerNumber() + ")";
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("[\\r\\n\\t]+", " ").strip();
    }
}
