package org.messagebank.server.auth;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import com.google.common.io.BaseEncoding;

import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * RFC 6238 time-based codes as authenticator apps make them (HMAC-SHA1, 30-second steps,
 * 6 digits), through the java-otp library. A code of the step before or after is accepted, for
 * clock drift; callers make each step usable once.
 */
public final class TotpCodes {
    private static final BaseEncoding BASE32 = BaseEncoding.base32().omitPadding();
    private static final Duration STEP = Duration.ofSeconds(30);

    private final TimeBasedOneTimePasswordGenerator generator = new TimeBasedOneTimePasswordGenerator(STEP, 6);
    private final SecureRandom random = new SecureRandom();

    /** A new 160-bit secret in Base32, as authenticator apps take it. */
    public String newSecret() {
        byte[] bytes = new byte[20];
        random.nextBytes(bytes);
        return BASE32.encode(bytes);
    }

    /** The {@code otpauth://} URI an authenticator app reads (often from a QR code). */
    public String uri(String issuer, String account, String secret) {
        String label = URLEncoder.encode(issuer + ":" + account, StandardCharsets.UTF_8).replace("+", "%20");
        return "otpauth://totp/" + label + "?secret=" + secret + "&issuer=" + URLEncoder.encode(issuer, StandardCharsets.UTF_8)
                + "&algorithm=SHA1&digits=6&period=" + STEP.toSeconds();
    }

    /** The time step whose code this is (now, or one step either side), if it matches. */
    public OptionalLong matchingStep(String secret, String code, Instant now) {
        if (code == null || !code.strip().matches("\\d{6}")) {
            return OptionalLong.empty();
        }
        var key = new SecretKeySpec(BASE32.decode(secret), generator.getAlgorithm());
        long current = now.getEpochSecond() / STEP.toSeconds();
        for (long step = current - 1; step <= current + 1; step++) {
            try {
                if (generator.generateOneTimePasswordString(key, Instant.ofEpochSecond(step * STEP.toSeconds())).equals(code.strip())) {
                    return OptionalLong.of(step);
                }
            } catch (InvalidKeyException e) {
                throw new IllegalStateException("TOTP secret unusable", e);
            }
        }
        return OptionalLong.empty();
    }

    /** The code for an instant; for tests and for people checking their app. */
    public String codeAt(String secret, Instant at) {
        try {
            return generator.generateOneTimePasswordString(new SecretKeySpec(BASE32.decode(secret), generator.getAlgorithm()), at);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("TOTP secret unusable", e);
        }
    }
}
