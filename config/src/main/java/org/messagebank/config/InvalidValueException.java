package org.messagebank.config;

/** Why a {@link ValueType} rejected a text; the key and source are added by {@link ConfigKey}. */
final class InvalidValueException extends Exception {

    private final boolean wellFormed;

    private InvalidValueException(String problem, boolean wellFormed) {
        super(problem, null, false, false);
        this.wellFormed = wellFormed;
    }

    /** The text is not of the expected kind, for example {@code notA("an integer")}. */
    static InvalidValueException notA(String kind) {
        return new InvalidValueException("is not " + kind, false);
    }

    /** The text is of the expected kind but outside the allowed range. */
    static InvalidValueException outOfRange() {
        return new InvalidValueException("is out of range", true);
    }

    /** True when the value parsed but was rejected, so it can be shown without quotes. */
    boolean wellFormed() {
        return wellFormed;
    }
}
