package org.messagebank.store.domain;

/** The kind of value a capture-script field takes. */
public enum FieldType {
    TEXT, LONGTEXT, PHONE, EMAIL, DATE, CHOICE, POSTCODE
}
