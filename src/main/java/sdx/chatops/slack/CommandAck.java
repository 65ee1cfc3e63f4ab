package sdx.chatops.slack;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.slack.api.bolt.response.Response;

/**
 * The acknowledgement of a slash command with a private answer: what Bolt's
 * {@code ctx.ack(text)} sends ({@code {"text": ...}}, JSON in UTF-8), written without a reflective
 * Gson pass over Bolt's response type, which cost about a thirtieth of a command's CPU.
 */
final class CommandAck {

    private CommandAck() {
    }

    static Response text(String text) {
        StringBuilder body = new StringBuilder(text.length() + 16).append("{\"text\":\"");
        JsonStringEncoder.getInstance().quoteAsString(text, body);
        return Response.builder().statusCode(200).contentType(Response.CONTENT_TYPE_APPLICATION_JSON_UTF8)
                .body(body.append("\"}").toString()).build();
    }
}
