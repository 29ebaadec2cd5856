package org.messagebank.delivery.webhook;

import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.messagebank.delivery.SendResult;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Webhooks over Apache HttpClient: a 2xx answer is success; 408, 425, 429 and 5xx answers,
 * time-outs, connection failures and malformed answers are transient; any other answer is
 * permanent. Redirects are not followed (the signed request goes only where the client said).
 * Unless private networks are allowed, the host is resolved for the connection by a
 * {@link PublicAddressResolver} and a host with an internal address fails permanently without
 * being called. Each POST is cancelled once twice the time-out has passed, however slowly the
 * receiver keeps answering.
 */
public final class HttpWebhookSender implements WebhookSender {
    /** Connections kept: above the most webhook workers a node runs, so a worker never waits for one. */
    private static final int CONNECTIONS = 128;

    private final CloseableHttpClient http;
    private final Duration deadline;
    private final Clock clock;
    private final ScheduledThreadPoolExecutor cancels;

    /**
     * @param timeout         connect, response and read time-out of one POST ({@code webhook.timeout});
     *                        the whole POST is cancelled after twice this
     * @param privateNetworks whether this machine and private networks may be called ({@code webhook.private-networks})
     */
    public HttpWebhookSender(Duration timeout, Clock clock, boolean privateNetworks) {
        var limit = Timeout.of(timeout);
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(privateNetworks ? SystemDefaultDnsResolver.INSTANCE : new PublicAddressResolver(SystemDefaultDnsResolver.INSTANCE))
                .setMaxConnTotal(CONNECTIONS)
                .setMaxConnPerRoute(CONNECTIONS)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(limit)
                        .setSocketTimeout(limit)
                        .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                        .build())
                .build();
        this.http = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(limit).setConnectionRequestTimeout(limit).build())
                .evictIdleConnections(TimeValue.ofMinutes(1))
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .setUserAgent("MessageBank-Webhook/1")
                .build();
        this.deadline = timeout.multipliedBy(2);
        this.clock = clock;
        this.cancels = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("webhook-deadline").factory());
        this.cancels.setRemoveOnCancelPolicy(true);
    }

    @Override
    public SendResult post(String url, String secret, String deliveryId, byte[] json) {
        long timestamp = clock.instant().getEpochSecond();
        var uri = httpUri(url);
        if (uri == null) {
            return SendResult.permanent("url", "the webhook URL is not usable");
        }
        var request = new HttpPost(uri);
        request.setHeader(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp));
        request.setHeader(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, json));
        request.setHeader(WebhookSignature.DELIVERY_HEADER, deliveryId);
        request.setEntity(new ByteArrayEntity(json, ContentType.APPLICATION_JSON));
        var cancel = cancels.schedule(request::cancel, deadline.toNanos(), TimeUnit.NANOSECONDS);
        try {
            int status = http.execute(request, response -> response.getCode());
            if (status >= 200 && status < 300) {
                return SendResult.sent(deliveryId);
            }
            String code = "http-" + status;
            if (status == 408 || status == 425 || status == 429 || status >= 500) {
                return SendResult.retryable(code, "the webhook answered " + status);
            }
            return SendResult.permanent(code, "the webhook answered " + status);
        } catch (IOException e) {
            return failure(e, request.isCancelled());
        } finally {
            cancel.cancel(false);
        }
    }

    /** The URL as an http or https URI with a host; null if it is not one. */
    private static URI httpUri(String url) {
        try {
            var uri = URI.create(url);
            boolean http = "https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme());
            return http && uri.getHost() != null ? uri : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A failed POST; {@code cancelled} when the deadline cut it off, whatever the exception says. */
    private static SendResult failure(IOException e, boolean cancelled) {
        return switch (e) {
            case PublicAddressResolver.InternalAddressException refused -> SendResult.permanent("private-address",
                    "the webhook's host is on this machine or a private network, which webhook.private-networks does not allow");
            case IOException timedOut when cancelled || timedOut instanceof InterruptedIOException ->
                    SendResult.retryable("timeout", "the webhook did not answer in time");
            case ClientProtocolException invalid -> SendResult.retryable("protocol", "the webhook's answer was not valid HTTP");
            default -> SendResult.retryable("connection", e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        };
    }

    @Override
    public void close() {
        cancels.shutdownNow();
        http.close(CloseMode.GRACEFUL);
    }
}
