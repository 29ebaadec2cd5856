package org.messagebank.store.rights;

import org.messagebank.store.domain.Call;
import org.messagebank.store.domain.Message;
import org.messagebank.store.domain.RegisterContact;
import org.messagebank.store.domain.User;

import java.util.List;

/** Everything found about one person, across every store. */
public record SubjectRecords(List<Message> messages, List<Call> calls, List<RegisterContact> contacts, List<User> users) {
    public SubjectRecords {
        messages = List.copyOf(messages);
        calls = List.copyOf(calls);
        contacts = List.copyOf(contacts);
        users = List.copyOf(users);
    }

    /** Counts per kind, for audit entries and reports: no personal data. */
    public String counts() {
        return "messages=" + messages.size() + " calls=" + calls.size() + " contacts=" + contacts.size() + " users=" + users.size();
    }

    public boolean isEmpty() {
        return messages.isEmpty() && calls.isEmpty() && contacts.isEmpty() && users.isEmpty();
    }
}
