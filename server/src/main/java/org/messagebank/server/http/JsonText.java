package org.messagebank.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** JSON encoding and decoding through Jackson; instants as ISO-8601 text. */
public final class JsonText {
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private JsonText() {
    }

    public static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not encodable as JSON: " + value.getClass().getName(), e);
        }
    }

    /**
     * Reads a request body.
     *
     * @throws BadRequestException naming where the JSON is malformed or what does not fit the type
     */
    public static <T> T read(byte[] body, Class<T> type) {
        if (body.length == 0) {
            throw new BadRequestException("the request needs a JSON body");
        }
        try {
            return JSON.readValue(body, type);
        } catch (com.fasterxml.jackson.core.JsonParseException e) {
            throw new BadRequestException("malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            throw new BadRequestException("the JSON does not fit: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new BadRequestException("the JSON body cannot be read: " + e.getMessage());
        }
    }
}
