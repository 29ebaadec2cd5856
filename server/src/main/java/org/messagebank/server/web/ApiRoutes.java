package org.messagebank.server.web;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.messagebank.server.http.BadRequestException;
import org.messagebank.server.http.HttpException;
import org.messagebank.server.http.HttpServer;
import org.messagebank.server.http.JsonText;
import org.messagebank.server.http.Request;
import org.messagebank.server.http.Response;
import org.messagebank.store.MessageBankStore;
import org.messagebank.store.Scope;
import org.messagebank.store.domain.Message;
import org.messagebank.store.domain.MessageStatus;
import org.messagebank.store.domain.Role;
import org.messagebank.store.domain.Urgency;
import org.messagebank.store.index.InvalidQueryException;
import org.messagebank.store.index.MessageIndex;
import org.messagebank.store.index.SearchQuery;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The JSON API under {@code /api/v1}: sign-in, and the message bank as client users (their own
 * client) and admins (every client) see it. Reads are scoped in the store and the index; a
 * message outside the caller's scope is answered 404, exactly like one that does not exist.
 */
public final class ApiRoutes {
    static final int EXPORT_LIMIT = 100_000;
    private static final Set<Role> READERS = Set.of(Role.CLIENT_USER, Role.ADMIN);
    private static final Set<Role> EVERYONE = Set.of(Role.values());

    private final MessageBankStore store;
    private final MessageIndex index;
    private final Authenticator authenticator;
    private final Guard guard;
    private final boolean secureCookies;
    private final long retentionDays;

    /**
     * @param retentionDays how long messages are kept, for the notice clients see
     */
    public ApiRoutes(MessageBankStore store, MessageIndex index, Authenticator authenticator, boolean secureCookies,
                     long retentionDays) {
        this.retentionDays = retentionDays;
        this.store = store;
        this.index = index;
        this.authenticator = authenticator;
        this.guard = new Guard(authenticator);
        this.secureCookies = secureCookies;
    }

    public void mount(HttpServer http) {
        http.route("POST", "/api/v1/session", this::signIn)
                .route("DELETE", "/api/v1/session", guard.signedIn(EVERYONE, this::signOut))
                .route("GET", "/api/v1/me", guard.signedIn(EVERYONE, this::me))
                .route("POST", "/api/v1/me/totp", guard.signedIn(EVERYONE, (r, p) -> Response.json(200,
                        Map.of("otpauthUri", authenticator.enrolTotp(p)))))
                .route("POST", "/api/v1/me/totp/confirm", guard.signedIn(EVERYONE, (r, p) -> codeChecked(
                        authenticator.confirmTotp(p, JsonText.read(r.body(), Code.class).code()))))
                .route("POST", "/api/v1/me/totp/disable", guard.signedIn(EVERYONE, (r, p) -> codeChecked(
                        authenticator.disableTotp(p, JsonText.read(r.body(), Code.class).code()))))
                .route("GET", "/api/v1/messages", guard.signedIn(READERS, this::search))
                .route("GET", "/api/v1/messages/export", guard.signedIn(READERS, this::export))
                .route("GET", "/api/v1/messages/{id}", guard.signedIn(READERS, this::message))
                .route("POST", "/api/v1/messages/{id}/acknowledge", guard.signedIn(READERS, this::acknowledge));
    }

    record SignInRequest(String username, String password, String code) {
        @Override
        public String toString() {
            return "SignInRequest[username=" + username + "]";
        }
    }

    record Code(String code) {
    }

    record UserView(long id, String username, String role, Long clientId) {
        static UserView of(Principal p) {
            return new UserView(p.user().id(), p.user().username(), p.user().role().name(), p.user().clientId());
        }
    }

    record MessageView(long id, long clientId, Instant createdAt, String callerNumber, String callerName, int scriptVersion,
                       Map<String, String> fields, Urgency urgency, MessageStatus status, Instant readAt, Instant acknowledgedAt) {
        static MessageView of(Message m) {
            return new MessageView(m.id(), m.clientId(), m.createdAt(), m.callerNumber(), m.callerName(), m.scriptVersion(),
                    m.fields(), m.urgency(), m.status(), m.readAt(), m.acknowledgedAt());
        }
    }

    record Page(long total, boolean totalExact, int offset, List<MessageView> messages) {
    }

    private Response signIn(Request request) {
        Guard.checkOrigin(request);
        var body = JsonText.read(request.body(), SignInRequest.class);
        var outcome = authenticator.signIn(body.username(), body.password(), body.code(), request.remoteAddress());
        return switch (outcome) {
            case Authenticator.Outcome.CodeRequired c -> Response.problem(401, "Second factor needed", c.message(),
                    Map.of("codeRequired", true));
            case Authenticator.Outcome.Refused r -> Response.problem(r.status(), r.status() == 401 ? "Unauthorized" : "Sign-in refused", r.message());
            case Authenticator.Outcome.SignedIn s -> {
                var view = new LinkedHashMap<String, Object>();
                view.put("user", new UserView(s.user().id(), s.user().username(), s.user().role().name(), s.user().clientId()));
                view.put("csrfToken", s.csrfToken());
                yield Response.json(200, view).withHeader("Set-Cookie", cookie(s.token(), -1));
            }
        };
    }

    record Me(long id, String username, String role, Long clientId, String clientName, String csrfToken, long retentionDays) {
    }

    private Response me(Request request, Principal p) {
        var user = p.user();
        String clientName = user.clientId() == null ? null
                : store.clients().find(user.clientId()).map(c -> c.name()).orElse(null);
        return Response.json(200, new Me(user.id(), user.username(), user.role().name(), user.clientId(), clientName,
                p.session() == null ? null : p.session().csrfToken(), retentionDays));
    }

    private static Response codeChecked(boolean matched) {
        if (!matched) {
            throw new BadRequestException("the code does not match; check the app's clock and try the next code");
        }
        return Response.empty(204);
    }

    private Response signOut(Request request, Principal principal) {
        if (principal.session() == null) {
            throw new BadRequestException("an API key has no session to end; an admin revokes keys");
        }
        authenticator.signOut(principal);
        return Response.empty(204).withHeader("Set-Cookie", cookie("", 0));
    }

    private String cookie(String value, int maxAge) {
        return Guard.SESSION_COOKIE + "=" + value + "; Path=/; HttpOnly; SameSite=Strict" + (secureCookies ? "; Secure" : "")
                + (maxAge >= 0 ? "; Max-Age=" + maxAge : "");
    }

    private Response search(Request request, Principal principal) {
        Scope scope = principal.messageScope();
        var query = query(request, principal);
        try {
            var result = index.search(scope, query);
            var found = store.messages().findAll(scope, result.messageIds());
            if (scope instanceof Scope.Admin) {
                store.audit().append(principal.actor(), "admin.search", "messages", "hits=" + result.total());
            }
            return Response.json(200, new Page(result.total(), result.totalExact(), query.offset(),
                    found.stream().map(MessageView::of).toList()));
        } catch (InvalidQueryException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    private SearchQuery query(Request request, Principal principal) {
        var q = SearchQuery.all().withText(request.param("q").orElse(null))
                .withCaller(request.param("caller").orElse(null))
                .between(instant(request, "from"), instant(request, "to"))
                .withStatus(request.param("status").map(s -> enumValue(MessageStatus.class, "status", s)).orElse(null));
        if (principal.is(Role.ADMIN)) {
            q = q.withClient(request.param("client").map(c -> number("client", c)).orElse(null));
        }
        int offset = (int) request.param("offset").map(o -> number("offset", o)).orElse(0L).longValue();
        int limit = (int) request.param("limit").map(l -> number("limit", l)).orElse(20L).longValue();
        try {
            return q.page(offset, limit);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    private Response message(Request request, Principal principal) {
        long id = number("id", request.pathParam("id"));
        Scope scope = principal.messageScope();
        var message = store.messages().find(scope, id).orElseThrow(() -> HttpException.notFound("no message " + id));
        store.audit().append(principal.actor(), "message.read", "message:" + id, "");
        if (principal.is(Role.CLIENT_USER) && store.messages().markRead(scope, id)) {
            message = store.messages().find(scope, id).orElse(message);
        }
        return Response.json(200, MessageView.of(message));
    }

    private Response acknowledge(Request request, Principal principal) {
        long id = number("id", request.pathParam("id"));
        Scope scope = principal.messageScope();
        if (store.messages().find(scope, id).isEmpty()) {
            throw HttpException.notFound("no message " + id);
        }
        store.messages().acknowledge(scope, id);
        store.audit().append(principal.actor(), "message.acknowledge", "message:" + id, "");
        return Response.json(200, MessageView.of(store.messages().find(scope, id).orElseThrow()));
    }

    private Response export(Request request, Principal principal) {
        Scope scope = principal.messageScope();
        String format = request.param("format").orElse("json").toLowerCase(Locale.ROOT);
        var messages = new ArrayList<Message>();
        Long before = null;
        Instant from = instant(request, "from");
        Instant to = instant(request, "to");
        while (messages.size() < EXPORT_LIMIT) {
            var page = store.messages().recent(scope, before, 1000);
            if (page.isEmpty()) {
                break;
            }
            for (var m : page) {
                if ((from == null || !m.createdAt().isBefore(from)) && (to == null || m.createdAt().isBefore(to))) {
                    messages.add(m);
                }
            }
            before = page.getLast().id();
            if (from != null && page.getLast().createdAt().isBefore(from)) {
                break;
            }
        }
        store.audit().append(principal.actor(), "messages.export", "messages", "format=" + format + " count=" + messages.size());
        return switch (format) {
            case "json" -> Response.json(200, messages.stream().map(MessageView::of).toList())
                    .withHeader("Content-Disposition", "attachment; filename=\"messages.json\"");
            case "csv" -> new Response(200, "text/csv; charset=utf-8", csv(messages).getBytes(StandardCharsets.UTF_8))
                    .withHeader("Content-Disposition", "attachment; filename=\"messages.csv\"");
            default -> throw new BadRequestException("format must be csv or json, not '" + format + "'");
        };
    }

    /** CSV through Jackson's CSV writer, one column per field name found, with spreadsheet formulas neutralised. */
    private static String csv(List<Message> messages) {
        var fieldNames = new TreeSet<String>();
        messages.forEach(m -> fieldNames.addAll(m.fields().keySet()));
        var schema = CsvSchema.builder();
        for (String column : List.of("id", "client_id", "created_at", "caller_number", "caller_name", "urgency", "status")) {
            schema.addColumn(column);
        }
        fieldNames.forEach(f -> schema.addColumn("field_" + f));
        var out = new StringWriter();
        try (SequenceWriter writer = new CsvMapper().writer(schema.build().withHeader()).writeValues(out)) {
            for (var m : messages) {
                var row = new ArrayList<String>();
                row.add(Long.toString(m.id()));
                row.add(Long.toString(m.clientId()));
                row.add(m.createdAt().toString());
                row.add(cell(m.callerNumber()));
                row.add(cell(m.callerName()));
                row.add(m.urgency().name());
                row.add(m.status().name());
                fieldNames.forEach(f -> row.add(cell(m.fields().get(f))));
                writer.write(row);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("CSV export failed", e);
        }
        return out.toString();
    }

    /** A cell a spreadsheet will not run as a formula (OWASP CSV injection advice). */
    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        return "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }

    private static Instant instant(Request request, String name) {
        return request.param(name).map(v -> {
            try {
                return Instant.parse(v);
            } catch (DateTimeParseException e) {
                throw new BadRequestException(name + " must be an ISO-8601 instant such as 2026-03-01T00:00:00Z, not '" + v + "'");
            }
        }).orElse(null);
    }

    private static long number(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BadRequestException(name + " must be a whole number, not '" + value + "'");
        }
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String name, String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(name + " must be one of " + java.util.Arrays.toString(type.getEnumConstants()) + ", not '" + value + "'");
        }
    }
}
