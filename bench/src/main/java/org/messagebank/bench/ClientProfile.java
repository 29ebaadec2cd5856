package org.messagebank.bench;

import java.util.List;

/**
 * A synthetic client of the answering service.
 *
 * @param index    position in the generator (0 is the biggest client)
 * @param share    the fraction of all messages that are for this client
 * @param regulars callers who ring this client again and again
 */
public record ClientProfile(int index, String name, double share, List<Caller> regulars) {
    public ClientProfile {
        regulars = List.copyOf(regulars);
    }
}
