package org.messagebank.delivery.sms;

import com.twilio.http.Request;
import com.twilio.http.Response;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.core5.http.io.SocketConfig;

import java.net.URI;

/**
 * Points the Twilio SDK at a stand-in of its API (tests, benchmarks): every request the SDK
 * builds is sent to the same path on {@code base} instead of Twilio's hosts. The SDK has no
 * base-URL option; the host should be {@code 127.0.0.1} or {@code localhost}, since the SDK
 * rewrites hosts with two or more dots as Twilio regions.
 */
final class LocalApiHttpClient extends OneAttemptHttpClient {
    private final URI base;

    LocalApiHttpClient(URI base, RequestConfig requestConfig, SocketConfig socketConfig) {
        super(requestConfig, socketConfig);
        this.base = base;
    }

    @Override
    public Response makeRequest(Request request) {
        URI original = URI.create(request.getUrl());
        String url = base.getScheme() + "://" + base.getRawAuthority() + original.getRawPath()
                + (original.getRawQuery() == null ? "" : "?" + original.getRawQuery());
        Request local = new Request(request.getMethod(), url);
        request.getQueryParams().forEach((name, values) -> values.forEach(v -> local.addQueryParam(name, v)));
        request.getPostParams().forEach((name, values) -> values.forEach(v -> local.addPostParam(name, v)));
        request.getHeaderParams().forEach((name, values) -> values.forEach(v -> local.addHeaderParam(name, v)));
        if (request.getAuthStrategy() != null) {
            local.setAuth(request.getAuthStrategy());
        } else if (request.getUsername() != null) {
            local.setAuth(request.getUsername(), request.getPassword());
        }
        if (request.getContentType() != null) {
            local.setContentType(request.getContentType());
        }
        if (request.getBody() != null) {
            local.setBody(request.getBody());
        }
        local.setUserAgentExtensions(request.getUserAgentExtensions());
        return super.makeRequest(local);
    }
}
