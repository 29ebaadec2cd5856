package org.messagebank.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.messagebank.delivery.sms.SmsSegments;
import org.messagebank.store.domain.Client;
import org.messagebank.store.domain.ClientStatus;
import org.messagebank.store.domain.ContentMode;
import org.messagebank.store.domain.DeliveryRules;
import org.messagebank.store.domain.Message;
import org.messagebank.store.domain.Urgency;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComposerTest {
    private static final Instant AT = Instant.parse("2026-03-01T09:00:00Z");
    private final Composer composer = new Composer("https://mb.example/", "1", 3);
    private final Client acme = new Client(4, "Acme & Sons", "Hello", ClientStatus.ACTIVE, AT, null);
    private final DeliveryRules full = DeliveryRules.defaults(4).withContent(ContentMode.FULL, "[Acme]", "Acme Answering\nLondon");
    private final DeliveryRules secure = full.withContent(ContentMode.SECURE_LINK, "[Acme]", "");

    private static Message message(Urgency urgency, String reason) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("reason", reason);
        return new Message(42, 4, null, null, AT, "+447700900123", "Jane <Caller>", 1, fields, urgency, null, null);
    }

    @Test
    void escapesCallerTextInTheHtmlPart() {
        var mail = composer.mail(acme, full, message(Urgency.NORMAL, "<script>alert('x')</script> & \"more\""));
        assertFalse(mail.html().contains("<script>"), mail.html());
        assertTrue(mail.html().contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;"), mail.html());
        assertTrue(mail.html().contains("Jane &lt;Caller&gt;"));
        assertTrue(mail.html().contains("Acme &amp; Sons"));
        assertTrue(mail.plain().contains("<script>alert('x')</script>"), "plain text stays as typed");
    }

    @Test
    void putsThePrefixInTheSubjectAndTheSignOffAtTheEnd() {
        var mail = composer.mail(acme, full, message(Urgency.URGENT, "leak"));
        assertEquals("[Acme] Urgent message from Jane <Caller> (+447700900123)", mail.subject());
        assertTrue(mail.plain().endsWith("-- \nAcme Answering\nLondon\n"), mail.plain());
        assertTrue(mail.html().contains("Acme Answering<br>London"));
        assertTrue(mail.plain().contains("https://mb.example/portal/messages/42"));
    }

    @Test
    void keepsCallerDataOutOfEverySecureLinkNotification() {
        var message = message(Urgency.URGENT, "boiler leaking");
        var mail = composer.mail(acme, secure, message);
        var sms = composer.sms(acme, secure, message);
        var hook = new String(composer.webhook(acme, secure, message).json());
        for (String text : new String[] {mail.subject(), mail.plain(), mail.html(), sms.text(), hook}) {
            assertFalse(text.contains("Jane"), text);
            assertFalse(text.contains("7700900123"), text);
            assertFalse(text.contains("boiler"), text);
        }
        assertTrue(sms.text().contains("https://mb.example/portal/messages/42"));
        assertTrue(sms.text().endsWith("Reply 1 to acknowledge."), sms.text());
    }

    @Test
    void fitsALongSmsIntoTheSegmentLimit() {
        var sms = composer.sms(acme, full, message(Urgency.NORMAL, "very long story ".repeat(100)));
        assertTrue(SmsSegments.measure(sms.text()).segments() <= 3);
        assertTrue(sms.text().endsWith("..."));
        assertTrue(sms.text().startsWith("[Acme] Jane <Caller> (+447700900123). reason: very long story"), sms.text());
    }

    @Test
    void writesTheWebhookDocumentWithCallerDataInFullMode() throws Exception {
        var json = new ObjectMapper().readTree(composer.webhook(acme, full, message(Urgency.NORMAL, "leak")).json());
        assertEquals(42, json.get("messageId").asLong());
        assertEquals("NORMAL", json.get("urgency").asText());
        assertEquals("+447700900123", json.get("caller").get("number").asText());
        assertEquals("leak", json.get("fields").get("reason").asText());
    }
}
