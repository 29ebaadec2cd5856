package org.messagebank.delivery.sms;

import com.twilio.security.RequestValidator;
import org.messagebank.store.MessageBankStore;
import org.messagebank.store.PhoneNumbers;
import org.messagebank.store.Scope;
import org.messagebank.store.domain.Contact;
import org.messagebank.store.domain.DispatchState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What Twilio calls back: delivery status reports for sent SMS, and SMS sent to our numbers.
 * Both are checked against {@code X-Twilio-Signature} with the account's auth token (Twilio's
 * {@link RequestValidator}, over the public URL Twilio called and the form parameters); a
 * missing or wrong signature is refused with 403 and changes nothing. Without an auth token
 * (SMS written to files) every call is refused. Takes and returns plain values, so any HTTP
 * server can mount it.
 */
public final class TwilioWebhooks {
    private static final Logger log = LoggerFactory.getLogger(TwilioWebhooks.class);
    private static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";

    /** An HTTP answer. */
    public record Reply(int status, String contentType, String body) {
        static Reply forbidden() {
            return new Reply(403, "text/plain; charset=utf-8", "signature check failed");
        }

        static Reply ok() {
            return new Reply(200, "text/plain; charset=utf-8", "");
        }

        static Reply twiml() {
            return new Reply(200, "text/xml; charset=utf-8", EMPTY_TWIML);
        }
    }

    private final Optional<RequestValidator> validator;
    private final MessageBankStore store;
    private final PhoneNumbers phones;
    private final String ackWord;

    /**
     * @param authToken the Twilio auth token; empty refuses every call
     * @param ackWord   the reply that acknowledges, compared ignoring case and surrounding spaces
     */
    public TwilioWebhooks(String authToken, MessageBankStore store, PhoneNumbers phones, String ackWord) {
        this.validator = authToken.isEmpty() ? Optional.empty() : Optional.of(new RequestValidator(authToken));
        this.store = store;
        this.phones = phones;
        this.ackWord = ackWord.strip();
    }

    /** Form parameters of an {@code application/x-www-form-urlencoded} body. */
    public static Map<String, String> formParameters(byte[] body) {
        var params = new LinkedHashMap<String, String>();
        String text = new String(body, StandardCharsets.UTF_8);
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.putIfAbsent(name, value);
        }
        return params;
    }

    private boolean verified(String url, Map<String, String> params, String signature) {
        return signature != null && validator.map(v -> v.validate(url, params, signature)).orElse(false);
    }

    /**
     * A status callback: {@code delivered} marks the dispatch DELIVERED; {@code failed} or
     * {@code undelivered} marks it FAILED with Twilio's {@code ErrorCode}; other statuses
     * (queued, sending, sent) change nothing.
     *
     * @param url       the full public URL Twilio called, with any query string
     * @param params    the POSTed form parameters
     * @param signature the {@code X-Twilio-Signature} header, or null
     */
    public Reply status(String url, Map<String, String> params, String signature) {
        if (!verified(url, params, signature)) {
            log.info("refused a Twilio status callback with a {} signature", signature == null ? "missing" : "wrong");
            return Reply.forbidden();
        }
        String sid = params.get("MessageSid");
        String status = params.getOrDefault("MessageStatus", "").toLowerCase(Locale.ROOT);
        if (sid == null) {
            return Reply.ok();
        }
        switch (status) {
            case "delivered" -> store.dispatches().report(sid, DispatchState.DELIVERED, null, null);
            case "failed", "undelivered" -> store.dispatches().report(sid, DispatchState.FAILED,
                    params.getOrDefault("ErrorCode", status), "Twilio reported the SMS " + status);
            default -> {
            }
        }
        return Reply.ok();
    }

    /**
     * An SMS to one of our numbers: if its text is the acknowledgement word and it comes from a
     * contact's mobile, the latest urgent message sent to that contact by SMS is acknowledged
     * (which stops its escalation). Answers with empty TwiML: no reply SMS.
     */
    public Reply inbound(String url, Map<String, String> params, String signature) {
        if (!verified(url, params, signature)) {
            log.info("refused an inbound SMS webhook with a {} signature", signature == null ? "missing" : "wrong");
            return Reply.forbidden();
        }
        String body = params.getOrDefault("Body", "").strip();
        Optional<String> from = phones.toE164(params.get("From"));
        if (from.isEmpty() || ackWord.isEmpty() || !body.equalsIgnoreCase(ackWord)) {
            return Reply.twiml();
        }
        var contacts = store.contacts().findByMobile(from.get());
        store.dispatches().latestUrgentSms(contacts.stream().map(Contact::id).toList()).ifPresent(d -> {
            store.messages().acknowledge(Scope.tenant(d.clientId()), d.messageId());
            store.dispatches().acknowledged(d.messageId());
            log.info("message {} acknowledged by SMS reply", d.messageId());
        });
        return Reply.twiml();
    }
}
