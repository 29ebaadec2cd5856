package org.messagebank.store.domain;

import java.util.List;
import java.util.Objects;

/**
 * One field of a capture script.
 *
 * @param name    machine name, lower-case letters, digits and underscores; the key of the message's field values
 * @param label   what the operator sees
 * @param options the allowed values of a {@link FieldType#CHOICE} field; empty for every other type
 */
public record ScriptField(String name, String label, FieldType type, boolean required, List<String> options) {
    public ScriptField {
        if (name == null || !name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("field name must match [a-z][a-z0-9_]{0,62}: " + name);
        }
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(type, "type");
        options = List.copyOf(options == null ? List.of() : options);
        if (type == FieldType.CHOICE && options.isEmpty()) {
            throw new IllegalArgumentException("choice field '" + name + "' needs at least one option");
        }
        if (type != FieldType.CHOICE && !options.isEmpty()) {
            throw new IllegalArgumentException("only choice fields take options: " + name);
        }
    }

    public static ScriptField of(String name, String label, FieldType type, boolean required) {
        return new ScriptField(name, label, type, required, List.of());
    }

    public static ScriptField choice(String name, String label, boolean required, String... options) {
        return new ScriptField(name, label, FieldType.CHOICE, required, List.of(options));
    }
}
