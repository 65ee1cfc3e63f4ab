package sdx.chatops.slack;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.gson.Gson;
import com.slack.api.methods.Methods;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.impl.MethodsClientImpl;
import com.slack.api.methods.request.chat.ChatPostMessageRequest;
import com.slack.api.methods.request.chat.ChatUpdateRequest;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
import com.slack.api.util.http.SlackHttpClient;
import com.slack.api.util.json.GsonFactory;

import okhttp3.FormBody;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The SDK's Web API client with two changes. Answers are read by one Gson, built once. The SDK builds
 * a new Gson for every answer, and with it the reflective adapters of the whole response type
 * ({@code chat.postMessage} answers with the message: blocks, attachments, files...). Under a burst
 * that was most of the bot's CPU. Everything else (the other methods' forms, the HTTP client and its
 * interceptors, errors as {@link SlackApiException}, the response headers, the SDK's listeners) is
 * the SDK's own. The SDK's per-team call statistics are off in this bot ({@code SlackConfig}), so
 * skipping them here changes nothing. And {@code chat.postMessage} and {@code chat.update} are sent
 * as JSON ({@link ChatJsonBody}) instead of a form, through the same HTTP client.
 */
final class SharedGsonMethodsClient extends MethodsClientImpl {

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private final Gson gson;

    SharedGsonMethodsClient(SlackHttpClient http, String token, String endpointUrlPrefix) {
        super(http, token);
        setEndpointUrlPrefix(endpointUrlPrefix);
        this.gson = GsonFactory.createSnakeCase(http.getConfig());
    }

    @Override
    public ChatPostMessageResponse chatPostMessage(ChatPostMessageRequest req) throws IOException, SlackApiException {
        if (!ChatJsonBody.covers(req)) {
            return super.chatPostMessage(req);
        }
        return postJsonAndParseResponse(ChatJsonBody.of(req), Methods.CHAT_POST_MESSAGE, getToken(req),
                ChatPostMessageResponse.class);
    }

    @Override
    public ChatUpdateResponse chatUpdate(ChatUpdateRequest req) throws IOException, SlackApiException {
        if (!ChatJsonBody.covers(req)) {
            return super.chatUpdate(req);
        }
        return postJsonAndParseResponse(ChatJsonBody.of(req), Methods.CHAT_UPDATE, getToken(req), ChatUpdateResponse.class);
    }

    @Override
    protected <T extends SlackApiTextResponse> T postFormWithTokenAndParseResponse(FormBody.Builder form,
            String methodName, String token, Class<T> type) throws IOException, SlackApiException {
        try (Response response = runPostFormWithToken(form, methodName, token)) {
            return parse(response, type);
        }
    }

    /** A JSON body with the token as a bearer header, through the SDK's HTTP client and its interceptors. */
    private <T extends SlackApiTextResponse> T postJsonAndParseResponse(String json, String methodName, String token,
            Class<T> type) throws IOException, SlackApiException {
        Request.Builder request = new Request.Builder().url(getEndpointUrlPrefix() + methodName)
                .post(RequestBody.create(json, JSON));
        try {
            request.header("Authorization", "Bearer " + token);
        } catch (IllegalArgumentException e) {
            // OkHttp's message would quote the header's value: the token
            throw new IllegalArgumentException("Invalid value detected for Authorization header");
        }
        try (Response response = getSlackHttpClient().getOkHttpClient().newCall(request.build()).execute()) {
            return parse(response, type);
        }
    }

    private <T extends SlackApiTextResponse> T parse(Response response, Class<T> type) throws IOException, SlackApiException {
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

    private static Map<String, List<String>> lowerCased(Headers headers) {
        Map<String, List<String>> map = new HashMap<>();
        headers.toMultimap().forEach((name, values) -> map.put(name.toLowerCase(Locale.ROOT), values));
        return map;
    }
}
