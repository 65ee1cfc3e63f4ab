package sdx.chatops.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/** Callback bodies are JSON in UTF-8, read strictly; found by {@code InputFuzzFlowTest}. */
class CallbackBodyTest {

    private final CallbackBody parser = new CallbackBody();

    @Test
    void statusIsReadFromOneJsonObject() {
        assertThat(parser.parse(utf8("{\"job_id\":\"j-1\",\"status\":\"running\",\"note\":\"caf\u00e9 \u2713\"}")))
                .isEqualTo(new CallbackBody.Parsed.Valid("running", "j-1"));
        assertThat(parser.parse(utf8("\uFEFF{\"status\":\"completed\"}"))).as("with a UTF-8 byte order mark")
                .isEqualTo(new CallbackBody.Parsed.Valid("completed", null));
    }

    @Test
    void invalidUtf8AnywhereIsRefused() {
        // Jackson reading bytes accepted the overlong and the out-of-range sequences.
        for (String bad : new String[] { "c0af", "f4908080", "ff", "eda080", "e282", "80", "f888808080" }) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(utf8("{\"status\":\"running\",\"note\":\""));
            body.writeBytes(HexFormat.of().parseHex(bad));
            body.writeBytes(utf8("\"}"));
            assertThat(parser.parse(body.toByteArray())).as(bad).isInstanceOf(CallbackBody.Parsed.Invalid.class);
        }
    }

    @Test
    void utf16AndUtf32AreRefused() {
        // Jackson detects these encodings from the bytes and accepted them.
        for (String charset : new String[] { "UTF-16BE", "UTF-16LE", "UTF-16", "UTF-32" }) {
            byte[] body = "{\"status\":\"running\"}".getBytes(Charset.forName(charset));
            assertThat(parser.parse(body)).as(charset).isInstanceOf(CallbackBody.Parsed.Invalid.class);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
