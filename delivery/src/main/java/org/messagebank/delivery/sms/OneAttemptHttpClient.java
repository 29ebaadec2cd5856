package org.messagebank.delivery.sms;

import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.SocketConfig;

/**
 * Twilio's HTTP client making exactly one request per send: the SDK's own repeats of 5xx
 * answers and Apache HttpClient's automatic retries (429, 503) are turned off, so that every
 * retry is ours, spaced by our back-off and counted by our rate limit.
 */
class OneAttemptHttpClient extends NetworkHttpClient {
    private static final int[] NO_RETRY_CODES = {};

    OneAttemptHttpClient(RequestConfig requestConfig, SocketConfig socketConfig) {
        super(HttpClientBuilder.create()
                .setDefaultRequestConfig(requestConfig)
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultSocketConfig(socketConfig)
                        .setMaxConnTotal(64)
                        .setMaxConnPerRoute(64)
                        .build())
                .disableAutomaticRetries());
    }

    @Override
    public Response reliableRequest(Request request) {
        return reliableRequest(request, NO_RETRY_CODES, 1, 0);
    }
}
