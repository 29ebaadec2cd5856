package org.messagebank.store;

import org.messagebank.store.acd.AcdStore;
import org.messagebank.store.retention.RetentionStore;

/** The relational system of record, one port per aggregate. */
public interface MessageBankStore extends AutoCloseable {

    ClientStore clients();

    OperatorStore operators();

    UserStore users();

    CallStore calls();

    MessageStore messages();

    AuditLog audit();

    RetentionStore retention();

    RegisterStore register();

    SessionStore sessions();

    ApiKeyStore apiKeys();
    /** Each client's call routing settings (queue wait, overflow). */
    RoutingStore routing();
    /** Contacts and delivery rules per client. */
    ContactStore contacts();

    /** The dispatch queue and escalations. */
    DispatchStore dispatches();

    /** Operators' seats and calls in progress when several nodes share call distribution. */
    AcdStore acd();

    /** True while the database answers. */
    boolean healthy();

    @Override
    void close();
}
