package org.messagebank.store.rights;

import org.messagebank.store.domain.Call;
import org.messagebank.store.domain.Contact;
import org.messagebank.store.domain.Dispatch;
import org.messagebank.store.domain.Message;
import org.messagebank.store.domain.RegisterContact;
import org.messagebank.store.domain.User;

import java.util.List;

/**
 * Everything found about one person, across every store: messages and the calls they came on,
 * the delivery of those messages, the business's register, clients' delivery recipients and
 * logins.
 */
public record SubjectRecords(List<Message> messages, List<Call> calls, List<Dispatch> dispatches,
                             List<RegisterContact> contacts, List<Contact> recipients, List<User> users) {
    public SubjectRecords {
        messages = List.copyOf(messages);
        calls = List.copyOf(calls);
        dispatches = List.copyOf(dispatches);
        contacts = List.copyOf(contacts);
        recipients = List.copyOf(recipients);
        users = List.copyOf(users);
    }

    /** Counts per kind, for audit entries and reports: no personal data. */
    public String counts() {
        return "messages=" + messages.size() + " calls=" + calls.size() + " dispatches=" + dispatches.size()
                + " contacts=" + contacts.size() + " recipients=" + recipients.size() + " users=" + users.size();
    }

    public boolean isEmpty() {
        return messages.isEmpty() && calls.isEmpty() && dispatches.isEmpty() && contacts.isEmpty() && recipients.isEmpty()
                && users.isEmpty();
    }
}
