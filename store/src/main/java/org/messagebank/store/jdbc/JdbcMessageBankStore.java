package org.messagebank.store.jdbc;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.messagebank.store.ApiKeyStore;
import org.messagebank.store.AuditLog;
import org.messagebank.store.CallStore;
import org.messagebank.store.ClientStore;
import org.messagebank.store.ContactStore;
import org.messagebank.store.DispatchStore;
import org.messagebank.store.acd.AcdStore;
import org.messagebank.store.MessageBankStore;
import org.messagebank.store.MessageStore;
import org.messagebank.store.OperatorStore;
import org.messagebank.store.RegisterStore;
import org.messagebank.store.SessionStore;
import org.messagebank.store.RoutingStore;
import org.messagebank.store.UserStore;
import org.messagebank.store.event.EventBus;
import org.messagebank.store.retention.RetentionStore;

import java.time.Clock;

/** The relational store over JDBC; the same code serves H2 and PostgreSQL. */
public final class JdbcMessageBankStore implements MessageBankStore {
    /** How many messages one group commit may hold. */
    public static final int MAX_GROUP_COMMIT = 1000;

    private final Database database;
    private final ClientStore clients;
    private final OperatorStore operators;
    private final UserStore users;
    private final CallStore calls;
    private final JdbcMessageStore messages;
    private final JdbcAuditLog audit;
    private final RetentionStore retention;
    private final RegisterStore register;
    private final SessionStore sessions;
    private final ApiKeyStore apiKeys;
    private final RoutingStore routing;
    private final ContactStore contacts;
    private final DispatchStore dispatches;
    private final AcdStore acd;

    /**
     * @param database an open, migrated database; closed with this store
     * @param bus      where message changes are announced after each commit
     */
    public JdbcMessageBankStore(Database database, Clock clock, EventBus bus) {
        this.database = database;
        var jdbc = new Jdbc(database);
        var storeClock = new StoreClock(clock);
        var json = new ObjectMapper();
        this.clients = new JdbcClientStore(jdbc, storeClock, json);
        this.operators = new JdbcOperatorStore(jdbc);
        this.users = new JdbcUserStore(jdbc, storeClock);
        this.calls = new JdbcCallStore(jdbc, storeClock);
        this.messages = new JdbcMessageStore(jdbc, storeClock, json, bus, MAX_GROUP_COMMIT, database.embedded());
        this.audit = new JdbcAuditLog(jdbc, storeClock);
        this.retention = new JdbcRetentionStore(jdbc, storeClock, bus);
        this.register = new JdbcRegisterStore(jdbc, storeClock);
        this.sessions = new JdbcSessionStore(jdbc, storeClock);
        this.apiKeys = new JdbcApiKeyStore(jdbc, storeClock);
        this.routing = new JdbcRoutingStore(jdbc);
        this.contacts = new JdbcContactStore(jdbc);
        this.dispatches = new JdbcDispatchStore(jdbc, storeClock);
        this.acd = new JdbcAcdStore(jdbc);
    }

    @Override
    public ClientStore clients() {
        return clients;
    }

    @Override
    public OperatorStore operators() {
        return operators;
    }

    @Override
    public UserStore users() {
        return users;
    }

    @Override
    public CallStore calls() {
        return calls;
    }

    @Override
    public MessageStore messages() {
        return messages;
    }

    @Override
    public AuditLog audit() {
        return audit;
    }

    @Override
    public RetentionStore retention() {
        return retention;
    }

    @Override
    public RegisterStore register() {
        return register;
    }

    @Override
    public SessionStore sessions() {
        return sessions;
    }

    @Override
    public ApiKeyStore apiKeys() {
        return apiKeys;
    }

    @Override
    public RoutingStore routing() {
        return routing;
    }

    @Override
    public ContactStore contacts() {
        return contacts;
    }

    @Override
    public DispatchStore dispatches() {
        return dispatches;
    }

    @Override
    public AcdStore acd() {
        return acd;
    }

    @Override
    public boolean healthy() {
        return database.healthy();
    }

    @Override
    public void close() {
        messages.close();
        audit.close();
        database.close();
    }
}
