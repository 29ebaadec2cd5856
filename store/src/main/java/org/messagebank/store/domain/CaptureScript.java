package org.messagebank.store.domain;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * The fields a client wants taken from each caller. Scripts are versioned: an edit makes a
 * new version, and each message keeps the version it was taken with.
 */
public record CaptureScript(long clientId, int version, List<ScriptField> fields, Instant createdAt) {
    public CaptureScript {
        fields = List.copyOf(fields);
        if (version < 1) {
            throw new IllegalArgumentException("version starts at 1");
        }
        var names = new HashSet<String>();
        for (ScriptField f : fields) {
            if (!names.add(f.name())) {
                throw new IllegalArgumentException("duplicate field name: " + f.name());
            }
        }
    }

    public Optional<ScriptField> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }
}
