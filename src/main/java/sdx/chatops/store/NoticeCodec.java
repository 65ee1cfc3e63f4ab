package sdx.chatops.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import sdx.chatops.approval.Notice;

/** Notices and event details as the store keeps them: JSON, the notice's type name inside. */
@ApplicationScoped
class NoticeCodec {

    private final ObjectMapper json;

    @Inject
    NoticeCodec(ObjectMapper json) {
        this.json = json;
    }

    /** A notice as stored: its JSON, and its type name (the outbox's {@code kind} column). */
    record Stored(String kind, String json) {
    }

    Stored store(Notice notice) {
        String written = write(notice);
        try {
            return new Stored(json.readTree(written).path("type").asText(), written);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("notice written as unreadable JSON", e);
        }
    }

    String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot store " + value.getClass().getSimpleName(), e);
        }
    }

    Notice notice(String stored) {
        try {
            return json.readValue(stored, Notice.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored notice cannot be read: " + e.getOriginalMessage());
        }
    }

    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> details(String stored) {
        try {
            return json.readValue(stored, java.util.Map.class);
        } catch (JsonProcessingException e) {
            return java.util.Map.of("unreadable", true);
        }
    }
}
