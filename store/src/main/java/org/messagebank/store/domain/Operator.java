package org.messagebank.store.domain;

import java.util.Objects;

/**
 * A person who answers calls.
 *
 * @param endpoint the Asterisk dial string of the operator's phone, e.g. {@code PJSIP/101}
 */
public record Operator(long id, String name, String endpoint) {
    public Operator {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(endpoint, "endpoint");
    }
}
