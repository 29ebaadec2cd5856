package org.messagebank.store;

/** The relational system of record, one port per aggregate. */
public interface MessageBankStore extends AutoCloseable {

    ClientStore clients();

    OperatorStore operators();

    UserStore users();

    CallStore calls();

    MessageStore messages();

    AuditLog audit();

    /** Each client's call routing settings (queue wait, overflow). */
    RoutingStore routing();

    /** True while the database answers. */
    boolean healthy();

    @Override
    void close();
}
