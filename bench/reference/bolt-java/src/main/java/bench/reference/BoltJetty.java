package bench.reference;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.util.SlackRequestParser;

/**
 * The benchmark's Java reference: a plain Bolt for Java 1.51 app on Jetty 12, the way Bolt's own
 * examples do it. Bolt's default middleware (request signature check, single-team authorization
 * with a cached {@code auth.test}); {@code /sdx} is acknowledged at once and one message is posted
 * with {@code chat.postMessage} on {@code app.executorService()} (Bolt's 10-thread pool with an
 * unbounded queue). {@code bolt-jetty} 1.51.0 is not served, so this is its adapter in a dozen
 * lines: body and headers into {@link SlackRequestParser}, {@link App#run} and its response out.
 *
 * <p>Environment: {@code PORT}, {@code SLACK_BOT_TOKEN}, {@code SLACK_SIGNING_SECRET},
 * {@code SLACK_API_URL}.
 */
public final class BoltJetty {

    private BoltJetty() {
    }

    public static void main(String[] args) throws Exception {
        SlackConfig slackConfig = new SlackConfig();
        slackConfig.setMethodsEndpointUrlPrefix(System.getenv("SLACK_API_URL"));
        AppConfig config = AppConfig.builder().singleTeamBotToken(System.getenv("SLACK_BOT_TOKEN"))
                .signingSecret(System.getenv("SLACK_SIGNING_SECRET")).slack(Slack.getInstance(slackConfig)).build();
        App app = new App(config);
        app.command("/sdx", (req, ctx) -> {
            String channel = req.getPayload().getChannelId();
            String text = "Request from <@" + req.getPayload().getUserId() + ">: " + req.getPayload().getText();
            app.executorService().submit(() -> {
                try {
                    ctx.client().chatPostMessage(m -> m.channel(channel).text(text));
                } catch (Exception e) {
                    ctx.logger.warn("chat.postMessage failed: {}", e.toString());
                }
            });
            return ctx.ack();
        });
        SlackRequestParser parser = new SlackRequestParser(app.config());

        Server server = new Server(new QueuedThreadPool(200, 8));
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(System.getenv().getOrDefault("PORT", "3000")));
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String body = Content.Source.asString(request, StandardCharsets.UTF_8);
                Map<String, List<String>> headers = new HashMap<>();
                for (HttpField field : request.getHeaders()) {
                    headers.computeIfAbsent(field.getName().toLowerCase(), k -> new ArrayList<>()).add(field.getValue());
                }
                com.slack.api.bolt.request.Request<?> slackRequest = parser.parse(SlackRequestParser.HttpRequest.builder()
                        .requestUri(request.getHttpURI().getPath()).requestBody(body).headers(new RequestHeaders(headers))
                        .remoteAddress(Request.getRemoteAddr(request)).build());
                if (slackRequest == null) {
                    response.setStatus(400);
                    callback.succeeded();
                    return true;
                }
                com.slack.api.bolt.response.Response answer = app.run(slackRequest);
                response.setStatus(answer.getStatusCode());
                if (answer.getHeaders() != null) {
                    answer.getHeaders().forEach((name, values) -> values.forEach(v -> response.getHeaders().add(name, v)));
                }
                if (answer.getContentType() != null) {
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.getContentType());
                }
                Content.Sink.write(response, true, answer.getBody() == null ? "" : answer.getBody(), callback);
                return true;
            }
        });
        server.start();
        System.out.println("{\"port\":" + connector.getLocalPort() + "}");
        server.join();
    }
}
