package org.messagebank.delivery.sms;

import org.messagebank.delivery.SendResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * The embedded default when no Twilio credentials are set: each SMS becomes one text file in a
 * directory (written to a temporary name, then moved into place), named by its reference.
 */
public final class FileSmsSender implements SmsSender {
    private final Path dir;

    public FileSmsSender(Path dir) {
        this.dir = dir;
    }

    @Override
    public SendResult send(OutgoingSms sms) {
        String name = (sms.reference() == null ? UUID.randomUUID().toString() : sms.reference()).replaceAll("[^A-Za-z0-9._-]", "_");
        String text = "From: " + sms.sender() + "\nTo: " + sms.to() + "\n\n" + sms.body() + "\n";
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".sms-", ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(name + ".txt"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return SendResult.sent("file:" + name);
        } catch (IOException e) {
            return SendResult.retryable("io", e.getClass().getSimpleName());
        }
    }
}
