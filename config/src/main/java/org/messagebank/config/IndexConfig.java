package org.messagebank.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The search index.
 *
 * @param dir             index directory ({@code index.dir}, by default {@code <data.dir>/index})
 * @param refreshInterval how often the index is refreshed for search ({@code index.refresh-interval})
 * @param commitInterval  how often the index is committed to disk ({@code index.commit-interval})
 */
public record IndexConfig(Path dir, Duration refreshInterval, Duration commitInterval) {
}
