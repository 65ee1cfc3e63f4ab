package sdx.chatops.slack;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.gson.Gson;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.impl.MethodsClientImpl;
import com.slack.api.util.http.SlackHttpClient;
import com.slack.api.util.json.GsonFactory;

import okhttp3.FormBody;
import okhttp3.Headers;
import okhttp3.Response;

/**
 * The SDK's Web API client with one change: answers are read by one Gson, built once. The SDK builds
 * a new Gson for every answer, and with it the reflective adapters of the whole response type
 * ({@code chat.postMessage} answers with the message: blocks, attachments, files...). Under a burst
 * that was most of the bot's CPU. Everything else (the request forms, the HTTP client and its
 * interceptors, errors as {@link SlackApiException}, the response headers, the SDK's listeners) is
 * the SDK's own. The SDK's per-team call statistics are off in this bot ({@code SlackConfig}), so
 * skipping them here changes nothing.
 */
final class SharedGsonMethodsClient extends MethodsClientImpl {

    private final Gson gson;

    SharedGsonMethodsClient(SlackHttpClient http, String token, String endpointUrlPrefix) {
        super(http, token);
        setEndpointUrlPrefix(endpointUrlPrefix);
        this.gson = GsonFactory.createSnakeCase(http.getConfig());
    }

    @Override
    protected <T extends SlackApiTextResponse> T postFormWithTokenAndParseResponse(FormBody.Builder form,
            String methodName, String token, Class<T> type) throws IOException, SlackApiException {
        try (Response response = runPostFormWithToken(form, methodName, token)) {
            String body = response.body() == null ? "" : response.body().string();
            if (!response.isSuccessful()) {
                throw new SlackApiException(getSlackHttpClient().getConfig(), response, body);
            }
            try {
                T answer = gson.fromJson(body, type);
                if (answer == null) {
                    throw new SlackApiException(getSlackHttpClient().getConfig(), response, body);
                }
                answer.setHttpResponseHeaders(lowerCased(response.headers()));
                return answer;
            } finally {
                getSlackHttpClient().runHttpResponseListeners(response, body, false);
            }
        }
    }

    private static Map<String, List<String>> lowerCased(Headers headers) {
        Map<String, List<String>> map = new HashMap<>();
        headers.toMultimap().forEach((name, values) -> map.put(name.toLowerCase(Locale.ROOT), values));
        return map;
    }
}
