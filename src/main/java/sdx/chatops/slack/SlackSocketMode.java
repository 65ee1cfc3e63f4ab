package sdx.chatops.slack;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ServerHandshake;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.Slack;
import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.socket_mode.request.SocketModeRequest;
import com.slack.api.bolt.socket_mode.request.SocketModeRequestParser;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.apps.connections.AppsConnectionsOpenResponse;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import sdx.chatops.config.ChatopsConfig;
import sdx.chatops.config.SlackMode;
import sdx.chatops.retry.Backoff;
import sdx.chatops.retry.RetryAfter;
import sdx.chatops.tracing.BotTracer;
import sdx.chatops.workers.WorkerPools;

/**
 * Socket Mode ({@code SLACK_APP_TOKEN} set): the bot opens a WebSocket to Slack and receives slash
 * commands and clicks over it, so Slack needs no public URL. Each envelope goes through the same
 * shape checks as an HTTP body ({@link SocketModeMessages}, built on {@link SlackInbound}) and then to
 * the same Bolt {@link App} and handlers; the acknowledgement ({@code {"envelope_id":…}}) carries as
 * {@code payload} the body the HTTP answer would have carried (the ephemeral text of a slash command).
 * <p>
 * The connection is supervised here rather than by the Slack SDK's {@code SocketModeClient}, whose
 * session monitor stops for good when {@code apps.connections.open} answers {@code ok:false} once,
 * retries at a fixed 10 s, and cannot tell whether it is connected without a blocking ping. Here:
 * a link is connected once Slack's {@code hello} arrives; Slack's {@code disconnect} opens a new link
 * at once and retires the old one when the new one says hello; a link that closes (with or without a
 * close frame), answers no ping ({@code CHATOPS_SLACK_SOCKET_PING_INTERVAL}) or sends no hello within
 * 10 s is replaced after {@link Backoff} ({@code CHATOPS_SLACK_SOCKET_RECONNECT_FIRST}, doubling up to
 * {@code …_MAX}, after {@code Retry-After} when Slack gives one). The state is in {@code /q/health/ready}
 * as {@code slack-socket-mode}.
 * <p>
 * Threads: the connection's state changes on one supervisor thread; envelopes run on a small bounded
 * pool (handlers acknowledge within Slack's 3 s and hand slow work to {@link WorkerPools}), never on
 * the socket's read thread, which keeps reading and answering pings. A full pool answers "busy".
 */
@ApplicationScoped
@Readiness
public class SlackSocketMode implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(SlackSocketMode.class);
    private static final Duration HELLO_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CLOSE_AFTER_OWN_MESSAGE = Duration.ofMillis(200);
    private static final Duration CLOSE_HANDSHAKE_WAIT = Duration.ofSeconds(5);
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final int ENVELOPE_THREADS = 4;
    private static final int ENVELOPE_QUEUE = 100;
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(3);
    /** apps.connections.open errors that mean the token itself is wrong. */
    private static final Set<String> TOKEN_ERRORS = Set.of("invalid_auth", "not_authed", "not_allowed_token_type",
            "token_revoked", "token_expired", "account_inactive", "missing_scope");

    private final App app;
    private final Slack slack;
    private final Clock clock;
    private final SlackMode mode;
    private final String appToken;
    private final Backoff backoff;
    private final Duration stableAfter;
    private final int pingSeconds;
    private final Duration readyGrace;
    private final SocketModeRequestParser parser;
    private final Tracer tracer;
    private final ObjectMapper json = new ObjectMapper();

    private ScheduledExecutorService supervisor;
    private ThreadPoolExecutor envelopes;

    /** Every link not yet closed. */
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    /** Links Slack has said hello on and that are still open. */
    private final Set<Link> ready = ConcurrentHashMap.newKeySet();
    /** The latest link started; only its end leads to a reconnection. */
    private volatile Link newest;
    private volatile boolean stopping;
    private final AtomicInteger linkNumbers = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile int slackConnections;
    private volatile Instant startedAt;
    private volatile Instant since;
    private volatile String lastError = "";
    /** Supervisor thread only. */
    private int failures;
    private String lastLoggedError = "";

    @Inject
    public SlackSocketMode(App app, Slack slack, ChatopsConfig config, Clock clock, BotTracer tracer) {
        this.app = app;
        this.tracer = tracer.get();
        this.slack = slack;
        this.clock = clock;
        this.mode = SlackMode.of(config);
        this.appToken = config.slack().appToken().orElse("");
        ChatopsConfig.Slack s = config.slack();
        this.backoff = new Backoff(s.socketReconnectFirst(), s.socketReconnectMax(), 0.25);
        this.stableAfter = s.socketReconnectMax();
        this.pingSeconds = (int) Math.max(1, s.socketPingInterval().toSeconds());
        this.readyGrace = s.socketReadyGrace();
        this.parser = new SocketModeRequestParser(app.config());
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Connects in the background when in Socket Mode; does nothing over HTTP. */
    public synchronized void start() {
        if (mode != SlackMode.SOCKET || supervisor != null) {
            return;
        }
        startedAt = clock.instant();
        supervisor = Executors.newSingleThreadScheduledExecutor(daemon("sdx-slack-socket"));
        AtomicInteger count = new AtomicInteger();
        envelopes = new ThreadPoolExecutor(ENVELOPE_THREADS, ENVELOPE_THREADS, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(ENVELOPE_QUEUE), daemon(() -> "sdx-slack-envelope-" + count.incrementAndGet()));
        envelopes.allowCoreThreadTimeOut(true);
        supervisor.execute(this::connect);
    }

    /**
     * Stops taking envelopes (Slack delivers unacknowledged ones again, to another connection), lets
     * those in hand finish and be acknowledged, then closes every link with a close frame (1000).
     */
    public synchronized void stop() {
        if (supervisor == null || stopping) {
            return;
        }
        stopping = true;
        envelopes.shutdown();
        try {
            if (!envelopes.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Socket Mode envelopes still running at shutdown; Slack delivers unacknowledged ones again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        supervisor.shutdownNow();
        long deadline = System.nanoTime() + SHUTDOWN_WAIT.toNanos();
        for (Link link : List.copyOf(links)) {
            link.retired = true;
            link.closeGracefully("shutting down");
        }
        for (Link link : List.copyOf(links)) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !link.closed.await(left, TimeUnit.NANOSECONDS)) {
                    link.closeConnection(CloseFrame.NORMAL, "shutting down");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ready.clear();
        LOG.info("closed the Socket Mode connection to Slack");
    }

    // ---------------------------------------------------------------- connecting (supervisor thread)

    /** Opens a new link; whatever goes wrong is one more failure, retried: the chain of attempts never ends silently. */
    private void connect() {
        if (stopping) {
            return;
        }
        try {
            openLink();
        } catch (RuntimeException e) {
            failed(null, "connecting failed: " + WorkerPools.oneLine(e), Duration.ZERO);
        }
    }

    private void openLink() {
        URI uri;
        try {
            AppsConnectionsOpenResponse response = slack.methods(appToken).appsConnectionsOpen(r -> r);
            if (!response.isOk()) {
                String error = word(response.getError());
                failed(null, "Slack answered apps.connections.open with " + error + (TOKEN_ERRORS.contains(error)
                        ? " (SLACK_APP_TOKEN is not accepted: an app-level token with connections:write is needed)"
                        : ""), Duration.ZERO);
                return;
            }
            uri = webSocketUri(response.getUrl());
        } catch (SlackApiException e) {
            Duration retryAfter = e.getResponse() == null ? Duration.ZERO
                    : RetryAfter.parse(e.getResponse().header("Retry-After"), clock);
            failed(null, "apps.connections.open answered HTTP " + (e.getResponse() == null ? "?" : e.getResponse().code()),
                    retryAfter == null ? Duration.ZERO : retryAfter);
            return;
        } catch (IOException | RuntimeException e) {
            failed(null, "apps.connections.open failed: " + WorkerPools.oneLine(e), Duration.ZERO);
            return;
        }
        if (uri == null) {
            failed(null, "apps.connections.open answered without a ws:// or wss:// URL", Duration.ZERO);
            return;
        }
        Link link = new Link(uri, linkNumbers.incrementAndGet());
        newest = link;
        links.add(link);
        LOG.debugf("opening Socket Mode link %d", link.number);
        link.connect();
        supervisor.schedule(() -> {
            if (!link.hello && !link.ended.get()) {
                link.problem = "no hello from Slack within " + HELLO_TIMEOUT.toSeconds() + "s";
                link.closeConnection(CloseFrame.ABNORMAL_CLOSE, link.problem);
            }
        }, HELLO_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void hello(Link link, SocketModeMessages.Hello hello) {
        if (link.ended.get() || link.retired || stopping) {
            return;
        }
        link.hello = true;
        link.readyAt = clock.instant();
        ready.add(link);
        since = link.readyAt;
        slackConnections = hello.numConnections();
        lastLoggedError = "";
        int n = connections.incrementAndGet();
        LOG.infof("connected to Slack over Socket Mode (connection %d since start-up%s; Slack counts %d for the app)", n,
                hello.appId().isEmpty() ? "" : ", app " + hello.appId(), hello.numConnections());
        for (Link other : List.copyOf(links)) {
            if (other != link) {
                retire(other);
            }
        }
    }

    private void disconnectRequested(Link link, String reason) {
        if (stopping || link != newest || link.retired) {
            return;
        }
        if ("link_disabled".equals(reason)) {
            LOG.errorf("*** Slack disabled Socket Mode for this app (disconnect: link_disabled): no slash command or click"
                    + " reaches the bot until it is enabled again (app settings, Socket Mode). Trying again with backoff. ***");
            // Closed a moment later, not now: the link's read thread is still returning from the message
            // that said so, and a client closed in that instant ends the TCP connection right after its
            // close frame instead of waiting for Slack's reply (the close handshake is cut short).
            retire(link, "Socket Mode disabled", CLOSE_AFTER_OWN_MESSAGE);
            failed(link, "Slack disabled Socket Mode for this app (link_disabled)", Duration.ZERO);
            return;
        }
        LOG.infof("Slack asked the bot to reconnect (disconnect: %s); opening a new Socket Mode connection", reason);
        // The old link keeps serving (and acknowledging) until the new one says hello.
        connect();
    }

    private void closed(Link link, int code, String reason, boolean remote) {
        links.remove(link);
        boolean wasReady = ready.remove(link);
        if (wasReady && ready.isEmpty() && !stopping) {
            since = clock.instant();
        }
        if (!link.ended.compareAndSet(false, true) || link.retired || stopping || link != newest) {
            LOG.debugf("Socket Mode link %d closed (%d)", link.number, code);
            return;
        }
        String why = link.problem != null ? link.problem
                : code == CloseFrame.NEVER_CONNECTED ? "could not connect" + (link.error == null ? "" : ": " + link.error)
                        : code == CloseFrame.ABNORMAL_CLOSE && reason != null && reason.contains("pong")
                                ? "Slack answered no ping for " + pingSeconds * 3 / 2 + "s"
                                : code == CloseFrame.ABNORMAL_CLOSE ? "the connection dropped without a close frame"
                                        : "Slack closed the connection (" + code + (reason == null || reason.isBlank() ? ""
                                                : " " + reason.replaceAll("\\s+", " ").substring(0,
                                                        Math.min(80, reason.length())))
                                                + ")";
        if (wasReady) {
            LOG.warnf("the Socket Mode connection to Slack ended: %s; reconnecting", why);
        }
        failed(link, why, Duration.ZERO);
    }

    /** A connection attempt or link failed: try again after backoff (or Slack's Retry-After, if longer). */
    private void failed(Link link, String why, Duration retryAfter) {
        if (stopping) {
            return;
        }
        Instant now = clock.instant();
        if (link != null && link.readyAt != null && !Duration.between(link.readyAt, now).minus(stableAfter).isNegative()) {
            failures = 0;
        }
        Duration wait = backoff.after(failures);
        if (retryAfter.compareTo(wait) > 0) {
            wait = retryAfter;
        }
        failures++;
        lastError = why;
        if (!why.equals(lastLoggedError)) {
            LOG.warnf("Socket Mode: %s; connecting again in %d ms (attempt %d)", why, wait.toMillis(), failures + 1);
            lastLoggedError = why;
        } else {
            LOG.debugf("Socket Mode: %s; connecting again in %d ms (attempt %d)", why, wait.toMillis(), failures + 1);
        }
        try {
            supervisor.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    private void retire(Link link) {
        retire(link, "replaced by a new connection", Duration.ZERO);
    }

    /**
     * Closes a link once, {@code after} from now: a link already closing (link_disabled, then the new
     * link's hello) is left to finish. One whose close handshake has not finished a while later is
     * ended without one, so no replaced link stays open.
     */
    private void retire(Link link, String reason, Duration after) {
        if (link.retired) {
            return;
        }
        link.retired = true;
        try {
            supervisor.schedule(() -> link.closeGracefully(reason), after.toMillis(), TimeUnit.MILLISECONDS);
            supervisor.schedule(() -> {
                if (link.closed.getCount() > 0) {
                    LOG.infof("Socket Mode link %d did not finish its close handshake in %d s; ending it", link.number,
                            CLOSE_HANDSHAKE_WAIT.toSeconds());
                    link.closeConnection(CloseFrame.NORMAL, reason);
                }
            }, after.plus(CLOSE_HANDSHAKE_WAIT).toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down: stop() closes every link
        }
    }

    private void onSupervisor(Runnable task) {
        try {
            supervisor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.errorf("Socket Mode supervision failed: %s", WorkerPools.oneLine(e));
                }
            });
        } catch (RejectedExecutionException e) {
            // shutting down: nothing left to supervise
        }
    }

    // ---------------------------------------------------------------- envelopes

    /** On the link's read thread: classify, and hand envelopes to the pool. */
    private void received(Link link, String text) {
        SocketModeMessages.Message message = SocketModeMessages.read(text);
        if (message instanceof SocketModeMessages.Hello hello) {
            onSupervisor(() -> hello(link, hello));
        } else if (message instanceof SocketModeMessages.Disconnect disconnect) {
            onSupervisor(() -> disconnectRequested(link, disconnect.reason()));
        } else if (message instanceof SocketModeMessages.Refused refused) {
            LOG.warnf("refused a Socket Mode message from Slack: %s", refused.reason());
            if (refused.envelopeId() != null) {
                ack(link, refused.envelopeId(), null);
            }
        } else if (message instanceof SocketModeMessages.Envelope envelope) {
            if (stopping) {
                // Not acknowledged: Slack delivers it again, to a connection that is not shutting down.
                return;
            }
            try {
                envelopes.execute(() -> handle(link, envelope));
            } catch (RejectedExecutionException e) {
                LOG.warn("too many Socket Mode envelopes at once; answered busy");
                ack(link, envelope.id(), envelope.acceptsResponsePayload() && SocketModeMessages.SLASH_COMMANDS.equals(
                        envelope.type()) ? text(EphemeralReplies.busy()) : null);
            }
        }
    }

    /** Bolt and our handlers, exactly as for {@code POST /slack/events}; then the acknowledgement. */
    private void handle(Link link, SocketModeMessages.Envelope envelope) {
        Span span = SocketModeEnvelopeSpan.start(tracer, envelope);
        try (Scope scope = span.makeCurrent()) {
            answer(link, envelope);
        } finally {
            span.end();
        }
    }

    private void answer(Link link, SocketModeMessages.Envelope envelope) {
        Request<?> request;
        try {
            if (envelope.isBlockAction()) {
                request = BoltBlockActionRequest.ofSocketMode(envelope, app.config());
            } else {
                SocketModeRequest parsed = parser.parse(envelope.forBolt());
                request = parsed == null ? null : parsed.getBoltRequest();
            }
        } catch (RuntimeException e) {
            LOG.warnf("refused a Socket Mode envelope that Bolt could not read: %s", WorkerPools.oneLine(e));
            ack(link, envelope.id(), null);
            return;
        }
        if (request == null) {
            LOG.warn("refused a Socket Mode envelope that Bolt could not read");
            ack(link, envelope.id(), null);
            return;
        }
        Response response;
        try {
            response = app.run(request);
        } catch (Exception e) {
            LOG.errorf("handling a Slack request failed: %s", WorkerPools.oneLine(e));
            ack(link, envelope.id(), envelope.acceptsResponsePayload() ? text(EphemeralReplies.failed()) : null);
            return;
        }
        int status = response.getStatusCode() == null ? 200 : response.getStatusCode();
        if (status >= 400) {
            if (status >= 500) {
                LOG.errorf("Bolt answered %d to a Socket Mode envelope", status);
            } else {
                LOG.warnf("Bolt answered %d to a Socket Mode envelope", status);
            }
            ack(link, envelope.id(), null);
            return;
        }
        ack(link, envelope.id(), envelope.acceptsResponsePayload() ? payload(response) : null);
    }

    /**
     * The body an HTTP answer would have carried, as the acknowledgement's payload: JSON as it is, any
     * other text as {@code {"text": …}} (what Bolt's own Socket Mode adapter does). Null for an empty body.
     */
    private JsonNode payload(Response response) {
        String body = response.getBody();
        if (body == null || body.isEmpty()) {
            return null;
        }
        if (response.getContentType() != null
                && response.getContentType().toLowerCase(Locale.ROOT).startsWith("application/json")) {
            try {
                JsonNode node = json.readTree(body);
                if (node != null && node.isObject()) {
                    return node;
                }
            } catch (IOException e) {
                // not JSON after all: sent as text below
            }
        }
        return json.createObjectNode().put("text", body);
    }

    private ObjectNode text(String text) {
        return json.createObjectNode().put("response_type", "ephemeral").put("text", text);
    }

    /** {@code {"envelope_id": …, "payload": …}} on the link the envelope came from, or another open one. */
    private void ack(Link link, String envelopeId, JsonNode payload) {
        ObjectNode ack = json.createObjectNode().put("envelope_id", envelopeId);
        if (payload != null) {
            ack.set("payload", payload);
        }
        Link target = link.isOpen() ? link : ready.stream().filter(Link::isOpen).findFirst().orElse(null);
        if (target == null) {
            LOG.warn("could not acknowledge a Socket Mode envelope: no open connection (Slack delivers it again)");
            return;
        }
        try {
            target.send(ack.toString());
        } catch (RuntimeException e) {
            LOG.warnf("could not acknowledge a Socket Mode envelope (%s); Slack delivers it again", WorkerPools.oneLine(e));
        }
    }

    // ---------------------------------------------------------------- health

    /** Whether a link to Slack is open and greeted now. */
    public boolean connected() {
        return !ready.isEmpty();
    }

    /**
     * {@code slack-socket-mode}: over HTTP, UP with {@code mode: http}. In Socket Mode, UP with the state
     * of the connection ({@code connected}, {@code connections} since start-up, Slack's count of the
     * app's connections, since when, the last error), and DOWN only while the bot has never connected
     * and {@code CHATOPS_SLACK_SOCKET_READY_GRACE} has passed since start-up: that is a deployment that
     * cannot work (a wrong token, Socket Mode off in the app, egress blocked) and should stop a rollout.
     * A connection lost later is reported but leaves the pod ready: taking it out of the Service would
     * not bring Slack back and would only cut SDX's callbacks.
     */
    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder health = HealthCheckResponse.named("slack-socket-mode");
        if (mode != SlackMode.SOCKET) {
            return health.up().withData("mode", "http").build();
        }
        boolean connected = connected();
        health.withData("mode", "socket").withData("connected", connected).withData("connections", connections.get());
        if (slackConnections > 0) {
            health.withData("slack_connections", slackConnections);
        }
        Instant at = since;
        if (at != null) {
            health.withData(connected ? "connected_since" : "disconnected_since", at.toString());
        }
        if (!lastError.isEmpty()) {
            health.withData("last_error", lastError);
        }
        Instant started = startedAt;
        boolean neverConnected = connections.get() == 0;
        if (neverConnected && started != null && !clock.instant().isBefore(started.plus(readyGrace))) {
            return health.down().withData("reason", "never connected since start-up").build();
        }
        return health.up().build();
    }

    // ---------------------------------------------------------------- the link

    private static URI webSocketUri(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url);
            return ("wss".equals(uri.getScheme()) || "ws".equals(uri.getScheme())) && uri.getHost() != null ? uri : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String word(String error) {
        return error != null && error.matches("[a-z_]{1,60}") ? error : "unknown_error";
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return daemon(() -> name);
    }

    private static java.util.concurrent.ThreadFactory daemon(java.util.function.Supplier<String> name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name.get());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One WebSocket connection to Slack. Callbacks run on its read thread. */
    private final class Link extends WebSocketClient {

        final int number;
        final AtomicBoolean ended = new AtomicBoolean();
        final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        volatile boolean hello;
        volatile boolean retired;
        volatile Instant readyAt;
        volatile String error;
        volatile String problem;

        Link(URI uri, int number) {
            super(uri, new Draft_6455(List.of(), SocketModeMessages.MAX_LENGTH), null, CONNECT_TIMEOUT_MILLIS);
            this.number = number;
            setDaemon(true);
            setConnectionLostTimeout(pingSeconds);
        }

        /**
         * Close frame 1000. Pings stop first: the WebSocket client can lose a queued close frame when a
         * pong arrives in the instant after it is queued, and the peer then sees the link drop instead.
         */
        void closeGracefully(String reason) {
            setConnectionLostTimeout(0);
            close(CloseFrame.NORMAL, reason);
        }

        @Override
        public void onOpen(ServerHandshake handshake) {
            LOG.debugf("Socket Mode link %d open; waiting for Slack's hello", number);
        }

        @Override
        public void onMessage(String message) {
            try {
                received(this, message);
            } catch (RuntimeException e) {
                LOG.errorf("handling a Socket Mode message failed: %s", WorkerPools.oneLine(e));
            }
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {
            closed.countDown();
            onSupervisor(() -> closed(this, code, reason, remote));
        }

        @Override
        public void onError(Exception e) {
            error = WorkerPools.oneLine(e);
            LOG.debugf("Socket Mode link %d: %s", number, error);
        }
    }
}
