package org.messagebank.server.http;

import java.util.List;
import java.util.Map;

/** An HTTP request as routes see it, free of any server library's types. */
public record Request(String method, String path, Map<String, List<String>> query, Map<String, String> headers, byte[] body) {
}
