package org.messagebank.server.auth;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

import java.security.SecureRandom;

/**
 * Argon2id password hashing (password4j), with OWASP's recommended minimum cost: 19 MiB of
 * memory, 2 iterations, 1 lane. Hashes are self-describing PHC strings, so the cost can be
 * raised later without invalidating stored hashes.
 */
public final class PasswordHasher {
    private static final Argon2Function ARGON2ID = Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final SecureRandom random = new SecureRandom();

    public String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2ID).getResult();
    }

    public boolean verify(String password, String hash) {
        return Password.check(password, hash).with(ARGON2ID);
    }

    /** A random password of the given length from an alphabet without look-alike characters. */
    public String randomPassword(int length) {
        var sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
