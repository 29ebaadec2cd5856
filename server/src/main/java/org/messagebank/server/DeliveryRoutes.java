package org.messagebank.server;

import org.messagebank.delivery.Delivery;
import org.messagebank.delivery.sms.TwilioWebhooks;
import org.messagebank.server.http.Request;
import org.messagebank.server.http.Response;

import java.nio.charset.StandardCharsets;

/**
 * Mounts delivery's Twilio webhooks: {@code POST /webhooks/twilio/status} (delivery reports)
 * and {@code POST /webhooks/twilio/inbound} (SMS replies). Signatures are checked against the
 * public URL ({@code delivery.public-url} + path), which is the one Twilio signs.
 */
final class DeliveryRoutes {
    private final TwilioWebhooks webhooks;
    private final String publicUrl;

    DeliveryRoutes(TwilioWebhooks webhooks, String publicUrl) {
        this.webhooks = webhooks;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    Response status(Request request) {
        return answer(webhooks.status(publicUrl + Delivery.TWILIO_STATUS_PATH, TwilioWebhooks.formParameters(request.body()),
                request.headers().get("x-twilio-signature")));
    }

    Response inbound(Request request) {
        return answer(webhooks.inbound(publicUrl + Delivery.TWILIO_INBOUND_PATH, TwilioWebhooks.formParameters(request.body()),
                request.headers().get("x-twilio-signature")));
    }

    private static Response answer(TwilioWebhooks.Reply reply) {
        return new Response(reply.status(), reply.contentType(), reply.body().getBytes(StandardCharsets.UTF_8));
    }
}
