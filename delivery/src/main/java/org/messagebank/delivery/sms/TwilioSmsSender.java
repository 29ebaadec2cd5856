package org.messagebank.delivery.sms;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.Timeout;
import org.messagebank.delivery.SendResult;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * SMS through the Twilio Java SDK, one HTTP request per send (see {@link OneAttemptHttpClient}).
 * HTTP 429 and 5xx and connection failures or time-outs are transient; other API errors (such as 21211 invalid number, 21610 unsubscribed recipient) are
 * permanent and keep Twilio's code and message.
 */
public final class TwilioSmsSender implements SmsSender {
    /** Twilio error codes that are worth retrying even though the HTTP status is a 4xx. */
    private static final Set<Integer> TRANSIENT_CODES = Set.of(20429, 30001, 20003);

    private final TwilioRestClient client;

    public TwilioSmsSender(TwilioRestClient client) {
        this.client = client;
    }

    /**
     * A sender with its own client.
     *
     * @param apiBase where Twilio's API is, for a local stand-in ({@code http://127.0.0.1:PORT});
     *                empty for Twilio itself
     */
    public static TwilioSmsSender create(String accountSid, String authToken, Duration timeout, Optional<URI> apiBase) {
        var requestConfig = RequestConfig.custom()
                .setConnectionRequestTimeout(Timeout.of(timeout))
                .setResponseTimeout(Timeout.of(timeout))
                .build();
        var socketConfig = SocketConfig.custom().setSoTimeout(Timeout.of(timeout)).build();
        NetworkHttpClient http = apiBase.<NetworkHttpClient>map(base -> new LocalApiHttpClient(base, requestConfig, socketConfig))
                .orElseGet(() -> new OneAttemptHttpClient(requestConfig, socketConfig));
        return new TwilioSmsSender(new TwilioRestClient.Builder(accountSid, authToken).httpClient(http).build());
    }

    @Override
    public SendResult send(OutgoingSms sms) {
        MessageCreator creator = sms.viaMessagingService()
                ? Message.creator(new PhoneNumber(sms.to()), sms.sender(), sms.body())
                : Message.creator(new PhoneNumber(sms.to()), new PhoneNumber(sms.sender()), sms.body());
        if (sms.statusCallback() != null) {
            creator.setStatusCallback(URI.create(sms.statusCallback()));
        }
        try {
            Message message = creator.create(client);
            return SendResult.sent(message.getSid());
        } catch (ApiConnectionException e) {
            return SendResult.retryable("connection", rootMessage(e));
        } catch (ApiException e) {
            return classify(e);
        } catch (TwilioException e) {
            return SendResult.retryable("twilio", rootMessage(e));
        }
    }

    private static SendResult classify(ApiException e) {
        Integer status = e.getStatusCode();
        Integer code = e.getCode();
        if (status == null && code == null) {
            return SendResult.retryable("connection", rootMessage(e));
        }
        String codeText = code != null ? code.toString() : status != null ? "http-" + status : "unknown";
        String text = e.getMessage() == null ? "" : e.getMessage();
        if (status == null || status == 429 || status >= 500 || (code != null && TRANSIENT_CODES.contains(code))) {
            return SendResult.retryable(codeText, text);
        }
        return SendResult.permanent(codeText, text);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
