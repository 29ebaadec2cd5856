package org.messagebank.server.web;

import org.messagebank.server.http.BadRequestException;
import org.messagebank.server.http.HttpException;
import org.messagebank.server.http.Request;
import org.messagebank.server.http.Response;
import org.messagebank.server.http.Route;
import org.messagebank.store.ConflictException;
import org.messagebank.store.NotFoundException;
import org.messagebank.store.domain.Role;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Authentication, roles and CSRF for routes. A state-changing request must carry the session's
 * CSRF token in {@code X-CSRF-Token}, and an {@code Origin} (when the browser sends one) naming
 * this server.
 */
public final class Guard {
    public static final String SESSION_COOKIE = "mb_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private final Authenticator authenticator;

    public Guard(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** A route that runs for a signed-in user. */
    @FunctionalInterface
    public interface SignedInRoute {
        Response handle(Request request, Principal principal) throws Exception;
    }

    public Route signedIn(Set<Role> roles, SignedInRoute route) {
        var allowed = EnumSet.copyOf(roles);
        return request -> {
            var principal = require(request, allowed);
            if (request.stateChanging() && principal.session() != null) {
                checkCsrf(request, principal);
            }
            try {
                return route.handle(request, principal);
            } catch (ConflictException e) {
                throw new HttpException(409, "Conflict", e.getMessage());
            } catch (NotFoundException e) {
                throw HttpException.notFound(e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new BadRequestException(e.getMessage());
            }
        };
    }

    /**
     * The signed-in user making the request, who must have one of the roles.
     *
     * @throws HttpException 401 when nobody is signed in, 403 for another role
     */
    public Principal require(Request request, Set<Role> roles) {
        var principal = principal(request)
                .orElseThrow(() -> new HttpException(401, "Unauthorized", "sign in first (or the session has timed out)"));
        if (!roles.contains(principal.user().role())) {
            throw new HttpException(403, "Forbidden", "this needs the role " + roles);
        }
        return principal;
    }

    /** From an {@code Authorization: Bearer} API key (never sent by a browser on its own), else the session cookie. */
    private Optional<Principal> principal(Request request) {
        var authorization = request.header("authorization");
        if (authorization.isPresent()) {
            String value = authorization.get();
            if (!value.startsWith("Bearer " + Authenticator.API_KEY_PREFIX)) {
                throw new HttpException(401, "Unauthorized", "the Authorization header must be: Bearer <API key>");
            }
            return Optional.of(authenticator.resolveApiKey(value.substring("Bearer ".length()))
                    .orElseThrow(() -> new HttpException(401, "Unauthorized", "unknown or revoked API key")));
        }
        return request.cookie(SESSION_COOKIE).flatMap(authenticator::resolve);
    }

    private static void checkCsrf(Request request, Principal principal) {
        checkOrigin(request);
        String sent = request.header(CSRF_HEADER).orElse("");
        if (!MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                principal.session().csrfToken().getBytes(StandardCharsets.UTF_8))) {
            throw new HttpException(403, "Forbidden", "missing or wrong CSRF token (send the header " + CSRF_HEADER + ")");
        }
    }

    /** A browser's cross-site request names another origin; refuse it even before a session exists. */
    static void checkOrigin(Request request) {
        var origin = request.header("origin");
        if (origin.isEmpty()) {
            return;
        }
        String host = request.header("host").orElse("");
        String originHost;
        try {
            var uri = URI.create(origin.get());
            originHost = uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        } catch (IllegalArgumentException e) {
            originHost = null;
        }
        if (originHost == null || !originHost.equalsIgnoreCase(host)) {
            throw new HttpException(403, "Forbidden", "cross-origin request refused (Origin " + origin.get() + ")");
        }
    }
}
