package org.messagebank.server.web;

import org.messagebank.delivery.webhook.WebhookAddresses;
import org.messagebank.server.http.BadRequestException;
import org.messagebank.server.http.HttpException;
import org.messagebank.server.http.HttpServer;
import org.messagebank.server.http.JsonText;
import org.messagebank.server.http.Request;
import org.messagebank.server.http.Response;
import org.messagebank.store.MessageBankStore;
import org.messagebank.store.PhoneNumbers;
import org.messagebank.store.Scope;
import org.messagebank.store.domain.Contact;
import org.messagebank.store.domain.ContentMode;
import org.messagebank.store.domain.DeliveryChannel;
import org.messagebank.store.domain.DeliveryRules;
import org.messagebank.store.domain.Dispatch;
import org.messagebank.store.domain.DispatchEvent;
import org.messagebank.store.domain.DispatchState;
import org.messagebank.store.domain.Role;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The client portal's own JSON API: a client user's delivery contacts and rules (their own
 * client only; another client's contact is answered 404, like one that does not exist), and the
 * delivery timeline of a message for client users and admins. Every change is audited with ids
 * only.
 */
public final class PortalRoutes {
    static final int MAX_ESCALATION_ORDER = 99;
    static final int MAX_ESCALATION_ROUNDS = 20;
    static final int MAX_ESCALATION_MINUTES = 24 * 60;
    static final int MIN_WEBHOOK_SECRET = 16;
    private static final Set<Role> CLIENT_USERS = Set.of(Role.CLIENT_USER);
    private static final Set<Role> READERS = Set.of(Role.CLIENT_USER, Role.ADMIN);
    private static final Set<DeliveryChannel> PERSONAL = EnumSet.of(DeliveryChannel.SMS, DeliveryChannel.EMAIL);
    /** Local part, one @, a domain with at least one dot; no spaces, no second @. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");

    private final MessageBankStore store;
    private final PhoneNumbers phones;
    private final Guard guard;
    private final boolean privateWebhooks;
    private final SecureRandom random = new SecureRandom();

    /** @param privateWebhooks whether clients' webhooks may name this machine or a private network ({@code webhook.private-networks}) */
    public PortalRoutes(MessageBankStore store, PhoneNumbers phones, Authenticator authenticator, boolean privateWebhooks) {
        this.store = store;
        this.phones = phones;
        this.guard = new Guard(authenticator);
        this.privateWebhooks = privateWebhooks;
    }

    public void mount(HttpServer http) {
        http.route("GET", "/api/v1/delivery/contacts", guard.signedIn(CLIENT_USERS, (r, p) -> Response.json(200,
                        store.contacts().list(clientOf(p)).stream().map(ContactView::of).toList())))
                .route("POST", "/api/v1/delivery/contacts", guard.signedIn(CLIENT_USERS, this::addContact))
                .route("PUT", "/api/v1/delivery/contacts/{id}", guard.signedIn(CLIENT_USERS, this::editContact))
                .route("DELETE", "/api/v1/delivery/contacts/{id}", guard.signedIn(CLIENT_USERS, this::deleteContact))
                .route("GET", "/api/v1/delivery/rules", guard.signedIn(CLIENT_USERS, (r, p) -> Response.json(200,
                        RulesView.of(store.contacts().rules(clientOf(p)), null))))
                .route("PUT", "/api/v1/delivery/rules", guard.signedIn(CLIENT_USERS, this::saveRules))
                .route("GET", "/api/v1/messages/{id}/deliveries", guard.signedIn(READERS, this::timeline));
    }

    record ContactView(long id, String name, String mobile, String email, Set<DeliveryChannel> normalChannels,
                       Set<DeliveryChannel> urgentChannels, Integer escalationOrder) {
        static ContactView of(Contact c) {
            return new ContactView(c.id(), c.name(), c.mobile(), c.email(), c.normalChannels(), c.urgentChannels(),
                    c.escalationOrder());
        }
    }

    record ContactInput(String name, String mobile, String email, List<String> normalChannels, List<String> urgentChannels,
                        Integer escalationOrder) {
    }

    /**
     * @param webhookSecret shown only in the answer that generated it; never read back
     */
    record RulesView(String timeZone, String quietStart, String quietEnd, ContentMode contentMode, String subjectPrefix,
                     String signOff, String webhookUrl, boolean webhookSecretSet, String webhookSecret,
                     Long escalationAfterMinutes, Integer escalationRounds) {
        static RulesView of(DeliveryRules r, String newSecret) {
            return new RulesView(r.timeZone().getId(), time(r.quietStart()), time(r.quietEnd()), r.contentMode(),
                    r.subjectPrefix(), r.signOff(), r.webhookUrl(), r.webhookSecret() != null, newSecret,
                    r.escalationAfter() == null ? null : r.escalationAfter().toMinutes(), r.escalationRounds());
        }

        private static String time(LocalTime t) {
            return t == null ? null : t.toString();
        }
    }

    record RulesInput(String timeZone, String quietStart, String quietEnd, String contentMode, String subjectPrefix,
                      String signOff, String webhookUrl, String webhookSecret, Long escalationAfterMinutes,
                      Integer escalationRounds) {
        @Override
        public String toString() {
            return "RulesInput[timeZone=" + timeZone + "]";
        }
    }

    record EventView(DispatchState state, int attempt, String errorCode, String errorText, Instant at) {
        static EventView of(DispatchEvent e) {
            return new EventView(e.state(), e.attempt(), e.errorCode(), e.errorText(), e.at());
        }
    }

    /** One delivery of the message: to whom (a contact's name, or the client's webhook), where it stands, and its history. */
    record DeliveryView(long id, DeliveryChannel channel, Long contactId, String recipient, boolean urgent, DispatchState state,
                        int attempts, String errorCode, String errorText, Instant createdAt, Instant updatedAt,
                        List<EventView> events) {
    }

    private static long clientOf(Principal p) {
        return p.user().clientId();
    }

    private Response addContact(Request r, Principal p) {
        long clientId = clientOf(p);
        var contact = store.contacts().add(checked(0, clientId, JsonText.read(r.body(), ContactInput.class)));
        store.audit().append(p.actor(), "delivery.contact.add", "contact:" + contact.id(), "client:" + clientId);
        return Response.json(201, ContactView.of(contact));
    }

    private Response editContact(Request r, Principal p) {
        var existing = ownContact(r, p);
        var contact = checked(existing.id(), existing.clientId(), JsonText.read(r.body(), ContactInput.class));
        if (!store.contacts().update(contact)) {
            throw HttpException.notFound("no contact " + existing.id());
        }
        store.audit().append(p.actor(), "delivery.contact.edit", "contact:" + contact.id(), "client:" + contact.clientId());
        return Response.json(200, ContactView.of(contact));
    }

    private Response deleteContact(Request r, Principal p) {
        var existing = ownContact(r, p);
        store.contacts().delete(existing.id());
        store.audit().append(p.actor(), "delivery.contact.delete", "contact:" + existing.id(), "client:" + existing.clientId());
        return Response.empty(204);
    }

    /** The contact named in the path if it belongs to the user's client; any other is "not found". */
    private Contact ownContact(Request r, Principal p) {
        long id = AdminRoutes.number(r.pathParam("id"));
        return store.contacts().find(id).filter(c -> c.clientId() == clientOf(p))
                .orElseThrow(() -> HttpException.notFound("no contact " + id));
    }

    private Contact checked(long id, long clientId, ContactInput in) {
        String name = text("name", in.name(), 200);
        if (name == null) {
            throw new BadRequestException("name is required");
        }
        String mobile = null;
        if (in.mobile() != null && !in.mobile().isBlank()) {
            mobile = phones.toE164(in.mobile()).orElseThrow(() -> new BadRequestException(
                    "mobile is not a telephone number; write it as 07700 900123 (numbers in region " + phones.defaultRegion()
                            + ") or in international form such as +44 7700 900123"));
        }
        String email = text("email", in.email(), 320);
        if (email != null && !EMAIL.matcher(email).matches()) {
            throw new BadRequestException("email is not an email address; write it as name@example.com");
        }
        if (mobile == null && email == null) {
            throw new BadRequestException("a contact needs a mobile number, an email address, or both");
        }
        var normal = channels("normalChannels", in.normalChannels());
        var urgent = channels("urgentChannels", in.urgentChannels());
        for (var channel : union(normal, urgent)) {
            if (channel == DeliveryChannel.SMS && mobile == null) {
                throw new BadRequestException("SMS needs the contact's mobile number");
            }
            if (channel == DeliveryChannel.EMAIL && email == null) {
                throw new BadRequestException("email needs the contact's email address");
            }
        }
        Integer order = in.escalationOrder();
        if (order != null && (order < 1 || order > MAX_ESCALATION_ORDER)) {
            throw new BadRequestException("escalationOrder must be from 1 (reached first) to " + MAX_ESCALATION_ORDER
                    + ", or empty for a contact not on the escalation list");
        }
        return new Contact(id, clientId, name, mobile, email, normal, urgent, order);
    }

    private static Set<DeliveryChannel> union(Set<DeliveryChannel> a, Set<DeliveryChannel> b) {
        var all = EnumSet.noneOf(DeliveryChannel.class);
        all.addAll(a);
        all.addAll(b);
        return all;
    }

    private static Set<DeliveryChannel> channels(String name, List<String> values) {
        var channels = EnumSet.noneOf(DeliveryChannel.class);
        for (String value : values == null ? List.<String>of() : values) {
            DeliveryChannel channel = null;
            try {
                channel = DeliveryChannel.valueOf(String.valueOf(value).strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // reported below
            }
            if (channel == null || !PERSONAL.contains(channel)) {
                throw new BadRequestException(name + " may hold SMS and EMAIL only, not '" + value + "'"
                        + (channel == DeliveryChannel.WEBHOOK ? " (the webhook is set in the delivery rules)" : ""));
            }
            channels.add(channel);
        }
        return channels;
    }

    private Response saveRules(Request r, Principal p) {
        long clientId = clientOf(p);
        var in = JsonText.read(r.body(), RulesInput.class);
        var current = store.contacts().rules(clientId);
        ZoneId zone = zone(in.timeZone());
        LocalTime start = time("quietStart", in.quietStart());
        LocalTime end = time("quietEnd", in.quietEnd());
        if ((start == null) != (end == null)) {
            throw new BadRequestException("quiet hours need both a start and an end, or neither");
        }
        if (start != null && start.equals(end)) {
            throw new BadRequestException("quiet hours cannot start and end at the same time");
        }
        var mode = in.contentMode() == null ? ContentMode.FULL : enumValue(ContentMode.class, "contentMode", in.contentMode());
        String prefix = orEmpty(text("subjectPrefix", in.subjectPrefix(), 100));
        String signOff = orEmpty(text("signOff", in.signOff(), 1000));
        String url = webhookUrl(in.webhookUrl(), privateWebhooks);
        String secret = text("webhookSecret", in.webhookSecret(), 200);
        if (secret != null && secret.length() < MIN_WEBHOOK_SECRET) {
            throw new BadRequestException("webhookSecret needs at least " + MIN_WEBHOOK_SECRET + " characters");
        }
        String generated = null;
        if (url == null) {
            secret = null;
        } else if (secret == null) {
            secret = current.webhookSecret();
            if (secret == null) {
                secret = generated = newSecret();
            }
        }
        Long minutes = in.escalationAfterMinutes();
        if (minutes != null && (minutes < 1 || minutes > MAX_ESCALATION_MINUTES)) {
            throw new BadRequestException("escalationAfterMinutes must be from 1 to " + MAX_ESCALATION_MINUTES
                    + ", or empty for the service's default");
        }
        Integer rounds = in.escalationRounds();
        if (rounds != null && (rounds < 1 || rounds > MAX_ESCALATION_ROUNDS)) {
            throw new BadRequestException("escalationRounds must be from 1 to " + MAX_ESCALATION_ROUNDS
                    + ", or empty for the service's default");
        }
        var rules = new DeliveryRules(clientId, zone, start, end, mode, prefix, signOff, current.smsSender(), url, secret,
                minutes == null ? null : Duration.ofMinutes(minutes), rounds);
        store.contacts().saveRules(rules);
        store.audit().append(p.actor(), "delivery.rules.save", "client:" + clientId,
                "webhook=" + (url != null) + (generated != null || in.webhookSecret() != null ? " secret-changed" : ""));
        return Response.json(200, RulesView.of(rules, generated));
    }

    private String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static ZoneId zone(String value) {
        if (value == null || value.isBlank()) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(value.strip());
        } catch (DateTimeException e) {
            throw new BadRequestException("timeZone must be a time zone such as Europe/London, not '" + value + "'");
        }
    }

    private static LocalTime time(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalTime.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new BadRequestException(name + " must be a time of day such as 21:30, not '" + value + "'");
        }
    }

    /**
     * A webhook the delivery workers may call: HTTPS to a named or public host. Unless
     * {@code webhook.private-networks} allows them, this machine's names and literal addresses of
     * it or of a private network are refused, so a client cannot make the server call inside it;
     * a name is checked again by its addresses each time the webhook is called.
     */
    static String webhookUrl(String value, boolean privateNetworks) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        if (text.length() > 2000) {
            throw new BadRequestException("webhookUrl is longer than 2000 characters");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new BadRequestException("webhookUrl is not a URL: " + e.getReason());
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getUserInfo() != null) {
            throw new BadRequestException("webhookUrl must be an https:// address such as https://crm.example.com/hooks/messages");
        }
        if (!privateNetworks && WebhookAddresses.internalHost(uri.getHost())) {
            throw new BadRequestException("webhookUrl must name a public host, not this machine or a private network");
        }
        return text;
    }

    private static String text(String name, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String stripped = value.strip();
        if (stripped.length() > max) {
            throw new BadRequestException(name + " is longer than " + max + " characters");
        }
        return stripped;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String name, String value) {
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(name + " must be one of " + java.util.Arrays.toString(type.getEnumConstants())
                    + ", not '" + value + "'");
        }
    }

    private Response timeline(Request r, Principal p) {
        long id = AdminRoutes.number(r.pathParam("id"));
        Scope scope = p.messageScope();
        var message = store.messages().find(scope, id).orElseThrow(() -> HttpException.notFound("no message " + id));
        var events = store.dispatches().history(scope, id).stream()
                .collect(Collectors.groupingBy(DispatchEvent::dispatchId, Collectors.mapping(EventView::of, Collectors.toList())));
        Map<Long, String> names = store.contacts().list(message.clientId()).stream()
                .collect(Collectors.toMap(Contact::id, Contact::name));
        var deliveries = new ArrayList<DeliveryView>();
        for (Dispatch d : store.dispatches().forMessage(scope, id)) {
            String recipient = d.contactId() == null ? "webhook" : names.getOrDefault(d.contactId(), "a removed contact");
            deliveries.add(new DeliveryView(d.id(), d.channel(), d.contactId(), recipient, d.urgent(), d.state(), d.attempts(),
                    d.errorCode(), d.errorText(), d.createdAt(), d.updatedAt(), events.getOrDefault(d.id(), List.of())));
        }
        return Response.json(200, deliveries);
    }
}
