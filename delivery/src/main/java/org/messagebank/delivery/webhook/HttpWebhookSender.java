package org.messagebank.delivery.webhook;

import org.messagebank.delivery.SendResult;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;

/**
 * Webhooks over the JDK's HTTP client: a 2xx answer is success; 408, 425, 429 and 5xx answers,
 * time-outs and connection failures are transient; any other answer is permanent. Redirects
 * are not followed (the signed request goes only where the client said).
 */
public final class HttpWebhookSender implements WebhookSender {
    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;

    public HttpWebhookSender(Duration timeout, Clock clock) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public SendResult post(String url, String secret, String deliveryId, byte[] json) {
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "MessageBank-Webhook/1")
                    .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                    .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, json))
                    .header(WebhookSignature.DELIVERY_HEADER, deliveryId)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                    .build();
        } catch (IllegalArgumentException e) {
            return SendResult.permanent("url", "the webhook URL is not usable");
        }
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return SendResult.sent(deliveryId);
            }
            String code = "http-" + status;
            if (status == 408 || status == 425 || status == 429 || status >= 500) {
                return SendResult.retryable(code, "the webhook answered " + status);
            }
            return SendResult.permanent(code, "the webhook answered " + status);
        } catch (HttpTimeoutException e) {
            return SendResult.retryable("timeout", "the webhook did not answer in time");
        } catch (IOException e) {
            return SendResult.retryable("connection", e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SendResult.retryable("interrupted", "stopped while posting");
        }
    }
}
