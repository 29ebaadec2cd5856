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
import org.apache.hc.core5.util.Timeout;
import org.messagebank.delivery.SendResult;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/**
 * Webhooks over Apache HttpClient: a 2xx answer is success; 408, 425, 429 and 5xx answers,
 * time-outs and connection failures are transient; any other answer is permanent. Redirects
 * are not followed (the signed request goes only where the client said). Unless private
 * networks are allowed, the host is resolved for the connection by a {@link PublicAddressResolver}
 * and a host with an internal address fails permanently without being called.
 */
public final class HttpWebhookSender implements WebhookSender {
    private final CloseableHttpClient http;
    private final Clock clock;

    /**
     * @param timeout         connect, response and idle-read time-out of one POST ({@code webhook.timeout})
     * @param privateNetworks whether this machine and private networks may be called ({@code webhook.private-networks})
     */
    public HttpWebhookSender(Duration timeout, Clock clock, boolean privateNetworks) {
        var limit = Timeout.of(timeout);
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(privateNetworks ? SystemDefaultDnsResolver.INSTANCE : new PublicAddressResolver(SystemDefaultDnsResolver.INSTANCE))
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(limit).setSocketTimeout(limit).build())
                .build();
        this.http = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(limit).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .setUserAgent("MessageBank-Webhook/1")
                .build();
        this.clock = clock;
    }

    @Override
    public SendResult post(String url, String secret, String deliveryId, byte[] json) {
        long timestamp = clock.instant().getEpochSecond();
        HttpPost request;
        try {
            request = new HttpPost(URI.create(url));
        } catch (IllegalArgumentException e) {
            return SendResult.permanent("url", "the webhook URL is not usable");
        }
        request.setHeader(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp));
        request.setHeader(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, json));
        request.setHeader(WebhookSignature.DELIVERY_HEADER, deliveryId);
        request.setEntity(new ByteArrayEntity(json, ContentType.APPLICATION_JSON));
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
        } catch (PublicAddressResolver.InternalAddressException e) {
            return SendResult.permanent("private-address", "the webhook's host is on this machine or a private network,"
                    + " which webhook.private-networks does not allow");
        } catch (InterruptedIOException e) {
            if (Thread.currentThread().isInterrupted()) {
                return SendResult.retryable("interrupted", "stopped while posting");
            }
            return SendResult.retryable("timeout", "the webhook did not answer in time");
        } catch (ClientProtocolException e) {
            return SendResult.permanent("url", "the webhook URL is not usable");
        } catch (IOException e) {
            return SendResult.retryable("connection", e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    @Override
    public void close() {
        http.close(CloseMode.GRACEFUL);
    }
}
