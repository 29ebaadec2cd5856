package org.messagebank.server.web;

import org.messagebank.server.auth.PasswordHasher;
import org.messagebank.server.http.BadRequestException;
import org.messagebank.server.http.HttpException;
import org.messagebank.server.http.HttpServer;
import org.messagebank.server.http.JsonText;
import org.messagebank.server.http.Request;
import org.messagebank.server.http.Response;
import org.messagebank.store.MessageBankStore;
import org.messagebank.store.NotFoundException;
import org.messagebank.store.PhoneNumbers;
import org.messagebank.store.domain.AuditEntry;
import org.messagebank.store.domain.CaptureScript;
import org.messagebank.store.domain.Client;
import org.messagebank.store.domain.ClientNumber;
import org.messagebank.store.domain.Operator;
import org.messagebank.store.domain.Role;
import org.messagebank.store.domain.ScriptField;
import org.messagebank.store.domain.User;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The admin console's JSON API under {@code /api/v1/admin}: clients and their numbers, service
 * and capture scripts (an edit makes a new version), operators and whom they answer, users with
 * one-time set-password links, dispatches that failed for good (dead letters), and the audit
 * log. Every change is audited.
 */
public final class AdminRoutes {
    static final Duration SET_PASSWORD_LINK_LIFETIME = Duration.ofDays(3);
    static final int MIN_PASSWORD_LENGTH = 12;
    private static final Set<Role> ADMINS = Set.of(Role.ADMIN);
    private static final Set<Role> EVERYONE = Set.of(Role.values());

    private final MessageBankStore store;
    private final PhoneNumbers phones;
    private final PasswordHasher hasher;
    private final Guard guard;
    private final Authenticator authenticator;
    private final Clock clock;

    public AdminRoutes(MessageBankStore store, PhoneNumbers phones, PasswordHasher hasher, Authenticator authenticator, Clock clock) {
        this.store = store;
        this.phones = phones;
        this.hasher = hasher;
        this.guard = new Guard(authenticator);
        this.authenticator = authenticator;
        this.clock = clock;
    }

    public void mount(HttpServer http) {
        http.route("GET", "/api/v1/admin/clients", guard.signedIn(ADMINS, (r, p) -> Response.json(200,
                        store.clients().list().stream().map(this::view).toList())))
                .route("POST", "/api/v1/admin/clients", guard.signedIn(ADMINS, this::createClient))
                .route("GET", "/api/v1/admin/clients/{id}", guard.signedIn(ADMINS, (r, p) -> Response.json(200, view(client(r)))))
                .route("POST", "/api/v1/admin/clients/{id}/numbers", guard.signedIn(ADMINS, this::addNumber))
                .route("POST", "/api/v1/admin/clients/{id}/cease", guard.signedIn(ADMINS, this::cease))
                .route("GET", "/api/v1/admin/clients/{id}/script", guard.signedIn(ADMINS, (r, p) -> Response.json(200,
                        store.clients().currentScript(client(r).id()).orElseThrow(() -> HttpException.notFound("no script yet")))))
                .route("GET", "/api/v1/admin/clients/{id}/scripts", guard.signedIn(ADMINS, (r, p) -> Response.json(200,
                        store.clients().scripts(client(r).id()))))
                .route("GET", "/api/v1/admin/clients/{id}/script/{version}", guard.signedIn(ADMINS, (r, p) -> Response.json(200,
                        store.clients().script(client(r).id(), (int) number(r.pathParam("version")))
                                .orElseThrow(() -> HttpException.notFound("no such script version")))))
                .route("PUT", "/api/v1/admin/clients/{id}/script", guard.signedIn(ADMINS, this::saveScript))
                .route("GET", "/api/v1/admin/operators", guard.signedIn(ADMINS, (r, p) -> Response.json(200,
                        store.operators().list().stream().map(this::view).toList())))
                .route("POST", "/api/v1/admin/operators", guard.signedIn(ADMINS, this::createOperator))
                .route("PUT", "/api/v1/admin/operators/{id}/clients/{clientId}", guard.signedIn(ADMINS, (r, p) -> allow(r, p, true)))
                .route("DELETE", "/api/v1/admin/operators/{id}/clients/{clientId}", guard.signedIn(ADMINS, (r, p) -> allow(r, p, false)))
                .route("GET", "/api/v1/admin/users", guard.signedIn(ADMINS, (r, p) -> Response.json(200,
                        store.users().list().stream().map(UserView::of).toList())))
                .route("POST", "/api/v1/admin/users", guard.signedIn(ADMINS, this::createUser))
                .route("GET", "/api/v1/admin/audit", guard.signedIn(ADMINS, this::audit))
                .route("GET", "/api/v1/admin/dead-letters", guard.signedIn(ADMINS, (r, p) -> Response.json(200,
                        store.dispatches().deadLetters((int) (long) r.param("limit").map(AdminRoutes::number).orElse(100L)))))
                .route("GET", "/api/v1/admin/api-keys", guard.signedIn(ADMINS, (r, p) -> Response.json(200, store.apiKeys().list())))
                .route("POST", "/api/v1/admin/api-keys", guard.signedIn(ADMINS, this::createApiKey))
                .route("DELETE", "/api/v1/admin/api-keys/{id}", guard.signedIn(ADMINS, this::revokeApiKey))
                .route("POST", "/api/v1/password", this::setPassword)
                .route("POST", "/api/v1/me/password", guard.signedIn(EVERYONE, this::changePassword));
    }

    record ClientView(long id, String name, String greeting, String status, Instant ceasedAt, List<String> numbers,
                      Integer scriptVersion) {
    }

    record NewClient(String name, String greeting) {
    }

    record NewNumber(String number) {
    }

    record NewScript(List<ScriptField> fields) {
    }

    record OperatorView(long id, String name, String endpoint, Set<Long> clients) {
    }

    record NewOperator(String name, String endpoint) {
    }

    record UserView(long id, String username, String role, Long clientId, Long operatorId) {
        static UserView of(User u) {
            return new UserView(u.id(), u.username(), u.role().name(), u.clientId(), u.operatorId());
        }
    }

    record NewUser(String username, String role, Long clientId, Long operatorId) {
    }

    record CreatedUser(UserView user, String setPasswordLink, Instant linkExpiresAt) {
    }

    record SetPassword(String token, String password) {
    }

    record ChangePassword(String current, String password) {
    }

    private ClientView view(Client c) {
        return new ClientView(c.id(), c.name(), c.greeting(), c.status().name(), c.ceasedAt(),
                store.clients().numbers(c.id()).stream().map(ClientNumber::e164).toList(),
                store.clients().currentScript(c.id()).map(CaptureScript::version).orElse(null));
    }

    private OperatorView view(Operator o) {
        return new OperatorView(o.id(), o.name(), o.endpoint(), store.operators().allowedClients(o.id()));
    }

    private Client client(Request r) {
        long id = number(r.pathParam("id"));
        return store.clients().find(id).orElseThrow(() -> HttpException.notFound("no client " + id));
    }

    private Response createClient(Request r, Principal p) {
        var body = JsonText.read(r.body(), NewClient.class);
        var client = store.clients().create(required("name", body.name()), required("greeting", body.greeting()));
        store.audit().append(p.actor(), "client.create", "client:" + client.id(), "");
        return Response.json(201, view(client));
    }

    private Response addNumber(Request r, Principal p) {
        var client = client(r);
        var body = JsonText.read(r.body(), NewNumber.class);
        var number = store.clients().addNumber(client.id(), phones.requireE164(required("number", body.number())));
        store.audit().append(p.actor(), "client.number.add", "client:" + client.id(), number.e164());
        return Response.json(201, view(client));
    }

    private Response cease(Request r, Principal p) {
        var client = store.clients().cease(client(r).id());
        store.audit().append(p.actor(), "client.cease", "client:" + client.id(), "");
        return Response.json(200, view(client));
    }

    private Response saveScript(Request r, Principal p) {
        var client = client(r);
        var body = JsonText.read(r.body(), NewScript.class);
        if (body.fields() == null || body.fields().isEmpty()) {
            throw new BadRequestException("a capture script needs at least one field");
        }
        var script = store.clients().saveScript(client.id(), body.fields());
        store.audit().append(p.actor(), "client.script.save", "client:" + client.id(), "version=" + script.version());
        return Response.json(200, script);
    }

    private Response createOperator(Request r, Principal p) {
        var body = JsonText.read(r.body(), NewOperator.class);
        var operator = store.operators().create(required("name", body.name()), required("endpoint", body.endpoint()));
        store.audit().append(p.actor(), "operator.create", "operator:" + operator.id(), "");
        return Response.json(201, view(operator));
    }

    private Response allow(Request r, Principal p, boolean allowed) {
        long operatorId = number(r.pathParam("id"));
        long clientId = number(r.pathParam("clientId"));
        var operator = store.operators().find(operatorId).orElseThrow(() -> HttpException.notFound("no operator " + operatorId));
        store.clients().find(clientId).orElseThrow(() -> HttpException.notFound("no client " + clientId));
        if (allowed) {
            store.operators().allow(operatorId, clientId);
        } else {
            store.operators().disallow(operatorId, clientId);
        }
        store.audit().append(p.actor(), allowed ? "operator.allow" : "operator.disallow", "operator:" + operatorId, "client:" + clientId);
        return Response.json(200, view(operator));
    }

    private Response createUser(Request r, Principal p) {
        var body = JsonText.read(r.body(), NewUser.class);
        Role role;
        try {
            role = Role.valueOf(required("role", body.role()).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("role must be ADMIN, OPERATOR or CLIENT_USER, not '" + body.role() + "'");
        }
        if (body.clientId() != null && store.clients().find(body.clientId()).isEmpty()) {
            throw new NotFoundException("no client " + body.clientId());
        }
        if (body.operatorId() != null && store.operators().find(body.operatorId()).isEmpty()) {
            throw new NotFoundException("no operator " + body.operatorId());
        }
        var user = store.users().create(required("username", body.username()), role, body.clientId(), body.operatorId(),
                hasher.hash(hasher.randomPassword(32)));
        String token = hasher.randomPassword(40);
        Instant expires = clock.instant().plus(SET_PASSWORD_LINK_LIFETIME);
        store.users().addPasswordToken(user.id(), Authenticator.hash(token), expires);
        store.audit().append(p.actor(), "user.create", "user:" + user.id(), "role=" + role);
        return Response.json(201, new CreatedUser(UserView.of(user), "/set-password#" + token, expires));
    }

    record NewApiKey(String name, Long userId) {
    }

    record IssuedApiKey(String name, long userId, String key) {
    }

    private Response createApiKey(Request r, Principal p) {
        var body = JsonText.read(r.body(), NewApiKey.class);
        if (body.userId() == null || store.users().find(body.userId()).isEmpty()) {
            throw new BadRequestException("userId must name the user the key acts as");
        }
        String key = authenticator.issueApiKey(required("name", body.name()), body.userId());
        store.audit().append(p.actor(), "api-key.create", "user:" + body.userId(), "");
        return Response.json(201, new IssuedApiKey(body.name().strip(), body.userId(), key));
    }

    private Response revokeApiKey(Request r, Principal p) {
        long id = number(r.pathParam("id"));
        if (!store.apiKeys().revoke(id)) {
            throw HttpException.notFound("no API key " + id);
        }
        store.audit().append(p.actor(), "api-key.revoke", "api-key:" + id, "");
        return Response.empty(204);
    }

    private Response audit(Request r, Principal p) {
        Long before = r.param("before").map(AdminRoutes::number).orElse(null);
        int limit = (int) (long) r.param("limit").map(AdminRoutes::number).orElse(100L);
        List<AuditEntry> entries = store.audit().list(before, limit);
        return Response.json(200, entries);
    }

    private Response setPassword(Request r) {
        Guard.checkOrigin(r);
        var body = JsonText.read(r.body(), SetPassword.class);
        String password = checkedPassword(body.password());
        long userId = store.users().consumePasswordToken(Authenticator.hash(required("token", body.token())))
                .orElseThrow(() -> new BadRequestException("this set-password link is not valid (used already, or expired)"));
        store.users().setPasswordHash(userId, hasher.hash(password));
        store.users().clearFailedLogins(userId);
        store.sessions().deleteForUser(userId);
        store.audit().append("user:" + userId, "password.set", "user:" + userId, "");
        return Response.empty(204);
    }

    private Response changePassword(Request r, Principal p) {
        var body = JsonText.read(r.body(), ChangePassword.class);
        if (body.current() == null || !hasher.verify(body.current(), p.user().passwordHash())) {
            throw new HttpException(403, "Forbidden", "the current password is wrong");
        }
        store.users().setPasswordHash(p.user().id(), hasher.hash(checkedPassword(body.password())));
        store.sessions().deleteForUser(p.user().id());
        store.audit().append(p.actor(), "password.change", p.actor(), "");
        return Response.empty(204);
    }

    private static String checkedPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new BadRequestException("a password needs at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        return password;
    }

    private static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new BadRequestException(name + " is required");
        }
        return value.strip();
    }

    static long number(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BadRequestException("'" + value + "' is not a whole number");
        }
    }
}
