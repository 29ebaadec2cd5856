package org.messagebank.delivery.sms;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A local HTTP server standing in for Twilio's Messages API: records every create request and
 * answers as the scenario function says (by default 201 with a new SID).
 */
public final class TwilioStandIn implements AutoCloseable {
    public static final String ACCOUNT = "AC00000000000000000000000000000001";
    public static final String TOKEN = "test-auth-token";

    /** One create request as Twilio would see it. */
    public record Created(String sid, Map<String, String> params) {
    }

    private final MockWebServer server = new MockWebServer();
    private final List<Created> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Function<Map<String, String>, Optional<MockResponse>> scenario = params -> Optional.empty();

    public TwilioStandIn() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.incrementAndGet();
                Map<String, String> params = form(request.getBody() == null ? "" : request.getBody().utf8());
                Optional<MockResponse> planned = scenario.apply(params);
                if (planned.isPresent()) {
                    return planned.get();
                }
                String sid = "SM" + String.format("%032x", accepted.size() + 1L + System.nanoTime());
                accepted.add(new Created(sid, params));
                return json(201, "{\"sid\":\"" + sid + "\",\"account_sid\":\"" + ACCOUNT + "\",\"status\":\"queued\",\"num_segments\":\"1\"}");
            }
        });
        server.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
    }

    public static MockResponse json(int status, String body) {
        return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json").body(body).build();
    }

    public static MockResponse error(int status, int code, String message) {
        return json(status, "{\"code\":" + code + ",\"message\":\"" + message + "\",\"more_info\":\"https://www.twilio.com/docs/errors/"
                + code + "\",\"status\":" + status + "}");
    }

    public static MockResponse slow(Duration delay) {
        return new MockResponse.Builder().code(201).headersDelay(delay.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .body("{}").build();
    }

    /** Decides per request: a planned answer, or empty for success. */
    public void scenario(Function<Map<String, String>, Optional<MockResponse>> scenario) {
        this.scenario = scenario;
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getPort());
    }

    public SmsSender sender(Duration timeout) {
        return TwilioSmsSender.create(ACCOUNT, TOKEN, timeout, Optional.of(base()));
    }

    public List<Created> accepted() {
        return accepted;
    }

    public int requests() {
        return requests.get();
    }

    /** Twilio's documented signature: Base64(HMAC-SHA1(token, url + each parameter name and value, sorted by name)). */
    public static String signature(String token, String url, Map<String, String> params) throws Exception {
        var data = new StringBuilder(url);
        new java.util.TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
        var mac = javax.crypto.Mac.getInstance("HmacSHA1");
        mac.init(new javax.crypto.spec.SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return java.util.Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    }

    static Map<String, String> form(String body) {
        var params = new LinkedHashMap<String, String>();
        for (String pair : body.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    @Override
    public void close() {
        server.close();
    }
}
