package org.messagebank.bench;

/**
 * A UK caller: the number in E.164 and as people write it, and the name the operator noted.
 *
 * @param name null when the caller gave none
 */
public record Caller(String e164, String national, String name) {
}
