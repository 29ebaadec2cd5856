package org.messagebank.store;

/**
 * Whose messages a read may see. Every read of message data takes a scope: there is no
 * unscoped query method, so a missing tenant check is a compile error rather than a leak.
 */
public sealed interface Scope permits Scope.Tenant, Scope.Admin {

    /** The messages of exactly one client. */
    record Tenant(long clientId) implements Scope {
    }

    /** Every client's messages: admins and the system's own workers (indexer, reaper). */
    record Admin() implements Scope {
    }

    static Scope tenant(long clientId) {
        return new Tenant(clientId);
    }

    static Scope admin() {
        return new Admin();
    }
}
