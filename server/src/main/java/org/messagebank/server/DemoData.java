package org.messagebank.server;

import org.messagebank.server.auth.PasswordHasher;
import org.messagebank.store.MessageBankStore;
import org.messagebank.store.domain.Client;
import org.messagebank.store.domain.FieldType;
import org.messagebank.store.domain.Operator;
import org.messagebank.store.domain.Role;
import org.messagebank.store.domain.ScriptField;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;

/**
 * The demo tenant: a plumbing firm with one number and a short capture script, one operator,
 * one client user and one admin. Seeding again changes no data except the demo users'
 * passwords, which are new and random each time so they can be shown once.
 */
final class DemoData {
    static final String CLIENT_NAME = "Acme Plumbing";
    static final String NUMBER = "+442079460000";
    static final String GREETING = "Good morning, Acme Plumbing, how can I help?";
    static final String OPERATOR_NAME = "Demo Operator";
    static final List<ScriptField> SCRIPT = List.of(
            ScriptField.of("caller_name", "Caller's name", FieldType.TEXT, true),
            ScriptField.of("callback", "Callback number", FieldType.PHONE, true),
            ScriptField.of("reason", "Reason for calling", FieldType.LONGTEXT, true),
            ScriptField.choice("urgency", "Urgency", true, "normal", "urgent"));

    /** A login to show the person who started the demo. */
    record Login(String role, String username, String password) {
        @Override
        public String toString() {
            return "demo login " + role + " " + username + " " + password;
        }
    }

    private DemoData() {
    }

    static List<Login> seed(MessageBankStore store, PasswordHasher hasher) {
        Client client = store.clients().findByName(CLIENT_NAME)
                .orElseGet(() -> store.clients().create(CLIENT_NAME, GREETING));
        if (store.clients().findNumber(NUMBER).isEmpty()) {
            store.clients().addNumber(client.id(), NUMBER);
        }
        if (store.clients().currentScript(client.id()).isEmpty()) {
            store.clients().saveScript(client.id(), SCRIPT);
        }
        Operator operator = store.operators().list().stream()
                .filter(o -> o.name().equals(OPERATOR_NAME)).findFirst()
                .orElseGet(() -> store.operators().create(OPERATOR_NAME, "PJSIP/100"));
        store.operators().allow(operator.id(), client.id());

        List<Login> logins;
        try (var hashing = Executors.newVirtualThreadPerTaskExecutor()) {
            var admin = hashing.submit(() -> user(store, hasher, "admin", "demo-admin", Role.ADMIN, null, null));
            var op = hashing.submit(() -> user(store, hasher, "operator", "demo-operator", Role.OPERATOR, null, operator.id()));
            var clientUser = hashing.submit(() -> user(store, hasher, "client", "demo-client", Role.CLIENT_USER, client.id(), null));
            logins = List.of(admin.get(), op.get(), clientUser.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while seeding the demo users", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        store.audit().append("system:demo", "demo.seed", "client:" + client.id(), "users=" + logins.size());
        return logins;
    }

    private static Login user(MessageBankStore store, PasswordHasher hasher, String role, String username, Role kind,
                              Long clientId, Long operatorId) {
        String password = hasher.randomPassword(16);
        String hash = hasher.hash(password);
        store.users().findByUsername(username).ifPresentOrElse(
                existing -> store.users().setPasswordHash(existing.id(), hash),
                () -> store.users().create(username, kind, clientId, operatorId, hash));
        return new Login(role, username, password);
    }

    /** The demo operator, once seeded. */
    static java.util.Optional<Operator> operator(MessageBankStore store) {
        return store.operators().list().stream().filter(o -> o.name().equals(OPERATOR_NAME)).findFirst();
    }
}
