package org.messagebank.store.rights;

/**
 * Who a data-subject request is about: a telephone number in any format, an email address, a
 * name, or several of these. Personal data itself: never logged, never audited.
 */
public record SubjectQuery(String phone, String email, String name) {
    public SubjectQuery {
        phone = blankToNull(phone);
        email = blankToNull(email);
        name = blankToNull(name);
        if (phone == null && email == null && name == null) {
            throw new IllegalArgumentException("a subject request needs a phone number, an email address or a name");
        }
        if (name != null && name.length() < 3) {
            throw new IllegalArgumentException("a name to search for needs at least 3 characters");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    @Override
    public String toString() {
        return "SubjectQuery[phone=" + (phone != null) + ", email=" + (email != null) + ", name=" + (name != null) + "]";
    }
}
