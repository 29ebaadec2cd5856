package org.messagebank.server.web;

import org.messagebank.server.http.HttpException;
import org.messagebank.store.Scope;
import org.messagebank.store.domain.Role;
import org.messagebank.store.domain.Session;
import org.messagebank.store.domain.User;

/**
 * Who is making a request: a signed-in user and their session, or a machine client acting as a
 * user through an API key ({@code session} null).
 */
public record Principal(User user, Session session) {

    /** The actor name for audit entries. */
    public String actor() {
        return "user:" + user.id();
    }

    /** The message scope of this user: their own client, or every client for admins. */
    public Scope messageScope() {
        return switch (user.role()) {
            case CLIENT_USER -> Scope.tenant(user.clientId());
            case ADMIN -> Scope.admin();
            case OPERATOR -> throw new HttpException(403, "Forbidden", "operators do not read the message archive");
        };
    }

    public boolean is(Role role) {
        return user.role() == role;
    }
}
