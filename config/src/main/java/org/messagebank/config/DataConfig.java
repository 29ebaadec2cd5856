package org.messagebank.config;

import java.nio.file.Path;

/**
 * Where the server keeps its data.
 *
 * @param dir the data directory ({@code data.dir}), normalized but as given: it may be relative
 */
public record DataConfig(Path dir) {
}
