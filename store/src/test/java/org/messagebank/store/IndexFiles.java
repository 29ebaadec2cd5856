package org.messagebank.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Looks for text in the raw files of an index directory, as a forensic reader of the disk would. */
public final class IndexFiles {
    private IndexFiles() {
    }

    public static boolean contain(Path indexDir, String needle) throws IOException {
        byte[] wanted = needle.getBytes(StandardCharsets.UTF_8);
        try (var files = Files.list(indexDir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(f);
                for (int i = 0; i + wanted.length <= bytes.length; i++) {
                    if (Arrays.equals(bytes, i, i + wanted.length, wanted, 0, wanted.length)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
