package sdx.chatops.callbacks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Reads an SDX callback body strictly: exactly one JSON object (nothing after it) in UTF-8, bounded in size,
 * depth and string length, duplicate keys refused, with a string {@code status} of a sane shape and,
 * if present, a string {@code job_id}. Other fields are accepted and ignored: SDX documents its
 * payload only loosely, and new fields must not break callbacks.
 */
@ApplicationScoped
public class CallbackBody {

    /** Largest callback accepted; SDX's are a few hundred bytes. */
    public static final int MAX_BYTES = 64 * 1024;
    static final int MAX_DEPTH = 16;
    /** A status is one short word (completed, failed ...), possibly with _ or -; shown in Slack escaped. */
    private static final Pattern STATUS = Pattern.compile("[A-Za-z][A-Za-z0-9_ -]{0,31}");
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    public sealed interface Parsed {
        record Valid(String status, String jobId) implements Parsed {
        }

        record Invalid(String reason) implements Parsed {
        }
    }

    private final ObjectMapper json = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(MAX_BYTES).maxNumberLength(64).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public Parsed parse(byte[] body) {
        // Decoded strictly first: from bytes, Jackson also reads UTF-16 and UTF-32 and lets overlong or
        // out-of-range UTF-8 through, so the body kept for the audit trail would not be what SDX sent.
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return new Parsed.Invalid("expected one JSON object in UTF-8");
        }
        JsonNode root;
        try {
            root = json.readTree(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (IOException e) {
            return new Parsed.Invalid("expected one JSON object");
        }
        if (root == null || !root.isObject()) {
            return new Parsed.Invalid("expected one JSON object");
        }
        JsonNode status = root.get("status");
        if (status == null || !status.isTextual() || !STATUS.matcher(status.asText()).matches()) {
            return new Parsed.Invalid("expected a status: a short word such as running or completed");
        }
        JsonNode jobId = root.get("job_id");
        if (jobId != null && !jobId.isNull() && (!jobId.isTextual() || !JOB_ID.matcher(jobId.asText()).matches())) {
            return new Parsed.Invalid("job_id must be an id");
        }
        return new Parsed.Valid(status.asText(), jobId == null || jobId.isNull() ? null : jobId.asText());
    }
}
