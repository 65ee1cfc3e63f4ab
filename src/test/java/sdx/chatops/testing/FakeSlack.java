package sdx.chatops.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A small Slack on loopback that speaks the Web API's wire format (form-encoded or JSON requests with a
 * bearer token, {@code {"ok":...}} answers) and keeps the channel as Slack would: messages with
 * ts, edits, thread replies. Faults can be injected per method. Also receives response_url posts, and
 * answers {@code apps.connections.open} (with {@link #APP_TOKEN}) with the URL of its {@link FakeSocketMode}.
 */
public final class FakeSlack implements AutoCloseable {

    private static final JsonFactory JSON = new JsonFactory();

    public static final String BOT_TOKEN = "xoxb-test-bot-token";
    /** The app-level token {@code apps.connections.open} accepts (Socket Mode). */
    public static final String APP_TOKEN = "xapp-1-A0SDX-1234567890-test";

    /** A message as the channel shows it now. */
    public static final class Message {
        public final String channel;
        public final String ts;
        public final String threadTs;
        public volatile String text;
        public volatile String blocks;
        public volatile int edits;
        /** When the fake accepted the post, for pacing assertions. */
        public final Instant postedAt;

        Message(String channel, String ts, String threadTs, String text, String blocks) {
            this.channel = channel;
            this.ts = ts;
            this.threadTs = threadTs;
            this.text = text;
            this.blocks = blocks;
            this.postedAt = Instant.now();
        }
    }

    /** A post to a response_url: which one, and the JSON body. */
    public record Ephemeral(String id, String body) {
    }

    /** One Web API call as received, and when. */
    public record Call(String method, Map<String, String> params, String authorization, Instant at) {
    }

    /**
     * An injected answer; {@code channel} null matches calls to any channel. Status 0: the call
     * succeeds as usual, but only after {@code delay}; Slack has acted before the caller knows.
     */
    private record Fault(String channel, int status, String body, Map<String, String> headers, Duration delay) {

        boolean matches(Map<String, String> params) {
            return channel == null || channel.equals(params.get("channel"));
        }
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private final List<Ephemeral> responses = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> views = new CopyOnWriteArrayList<>();
    private final Map<String, String> homes = new ConcurrentHashMap<>();
    private final List<Map<String, String>> ephemerals = new CopyOnWriteArrayList<>();
    private final Map<String, List<String>> groups = new ConcurrentHashMap<>();
    private final Map<String, List<Fault>> faults = new ConcurrentHashMap<>();
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000_000L);
    private volatile FakeSocketMode socketMode;

    public FakeSlack() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/", this::api);
        server.createContext("/response/", this::response);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
    }

    /** The Socket Mode server behind {@code apps.connections.open}, started on first use. */
    public synchronized FakeSocketMode socketMode() {
        if (socketMode == null) {
            socketMode = new FakeSocketMode();
        }
        return socketMode;
    }

    public String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
    }

    public String responseUrl(String id) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/response/" + id;
    }

    public void reset() {
        calls.clear();
        messages.clear();
        responses.clear();
        views.clear();
        homes.clear();
        ephemerals.clear();
        groups.clear();
        faults.clear();
    }

    public void group(String groupId, String... members) {
        groups.put(groupId, List.of(members));
    }

    /** The next {@code times} calls of {@code method} answer with this HTTP status and body. */
    public void fail(String method, int times, int status, String body, Map<String, String> headers) {
        failIn(null, method, times, status, body, headers);
    }

    /**
     * The next {@code times} calls of {@code method} to {@code channel} answer with this HTTP status
     * and body: other tests' leftovers in other channels cannot use up the faults.
     */
    public void failIn(String channel, String method, int times, int status, String body, Map<String, String> headers) {
        List<Fault> list = faults.computeIfAbsent(method, m -> Collections.synchronizedList(new ArrayList<>()));
        for (int i = 0; i < times; i++) {
            list.add(new Fault(channel, status, body, headers, Duration.ZERO));
        }
    }

    /**
     * The next {@code times} calls of {@code method} to {@code channel} succeed (a post is in the
     * channel at once) but are answered only after {@code delay}.
     */
    public void slowIn(String channel, String method, int times, Duration delay) {
        List<Fault> list = faults.computeIfAbsent(method, m -> Collections.synchronizedList(new ArrayList<>()));
        for (int i = 0; i < times; i++) {
            list.add(new Fault(channel, 0, null, Map.of(), delay));
        }
    }

    /** Slack works again: faults not yet used are dropped. */
    public void clearFaults() {
        faults.clear();
    }

    /** Web API calls of {@code method} addressed to {@code channel}, failed ones included, in order. */
    public List<Call> calls(String method, String channel) {
        return calls(method).stream().filter(c -> channel.equals(c.params().get("channel"))).toList();
    }

    /** Every Web API call, of any method, failed ones included, in order. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    public List<Message> channel(String channel) {
        return messages.stream().filter(m -> m.channel.equals(channel) && m.threadTs == null).toList();
    }

    public List<Message> thread(String channel, String ts) {
        return messages.stream().filter(m -> m.channel.equals(channel) && ts.equals(m.threadTs)).toList();
    }

    public List<String> threadTexts(String channel, String ts) {
        return thread(channel, ts).stream().map(m -> m.text).toList();
    }

    /** Posts to response_urls, in order. */
    /** Modals opened (views.open), each as its parameters: trigger_id, view (JSON). */
    public List<Map<String, String>> openedViews() {
        return List.copyOf(views);
    }

    /** The Home tab last published for a user (views.publish), as JSON; null when none. */
    public String home(String user) {
        return homes.get(user);
    }

    /** Ephemeral messages sent with chat.postEphemeral, each as its parameters: channel, user, text. */
    public List<Map<String, String>> postedEphemerals() {
        return List.copyOf(ephemerals);
    }

    public List<Ephemeral> responses() {
        return List.copyOf(responses);
    }

    public List<Message> allMessages() {
        return List.copyOf(messages);
    }

    private void api(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestURI().getPath().substring("/api/".length());
        String type = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
        String raw = read(exchange.getRequestBody());
        Map<String, String> params = type.startsWith("application/json") ? json(raw) : form(raw);
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        calls.add(new Call(method, params, auth, Instant.now()));
        List<Fault> pending = faults.get(method);
        Fault fault = null;
        if (pending != null) {
            synchronized (pending) {
                for (int i = 0; i < pending.size() && fault == null; i++) {
                    if (pending.get(i).matches(params)) {
                        fault = pending.remove(i);
                    }
                }
            }
        }
        if (fault != null && fault.status() != 0) {
            fault.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            send(exchange, fault.status(), fault.body());
            return;
        }
        if ("apps.connections.open".equals(method)) {
            // Only an app-level token opens a Socket Mode connection; Slack refuses bot tokens here.
            send(exchange, 200, ("Bearer " + APP_TOKEN).equals(auth)
                    ? "{\"ok\":true,\"url\":\"" + socketMode().issueUrl() + "\"}"
                    : auth != null && auth.startsWith("Bearer xoxb-") ? "{\"ok\":false,\"error\":\"not_allowed_token_type\"}"
                            : "{\"ok\":false,\"error\":\"invalid_auth\"}");
            return;
        }
        if (!("Bearer " + BOT_TOKEN).equals(auth)) {
            send(exchange, 200, "{\"ok\":false,\"error\":\"invalid_auth\"}");
            return;
        }
        String answer = switch (method) {
            case "auth.test" -> "{\"ok\":true,\"url\":\"https://fake.slack.test/\",\"team\":\"Net\",\"user\":\"sdx\","
                    + "\"team_id\":\"T0NET\",\"user_id\":\"UBOT\",\"bot_id\":\"BBOT\"}";
            case "chat.postMessage" -> postMessage(params);
            case "chat.update" -> update(params);
            case "views.open" -> {
                if (params.get("trigger_id") == null || params.get("view") == null) {
                    yield "{\"ok\":false,\"error\":\"invalid_arguments\"}";
                }
                views.add(Map.copyOf(params));
                yield "{\"ok\":true,\"view\":{\"id\":\"VMODAL" + views.size() + "\"}}";
            }
            case "views.publish" -> {
                if (params.get("user_id") == null || params.get("view") == null) {
                    yield "{\"ok\":false,\"error\":\"invalid_arguments\"}";
                }
                homes.put(params.get("user_id"), params.get("view"));
                yield "{\"ok\":true,\"view\":{\"id\":\"VHOME\"}}";
            }
            case "chat.postEphemeral" -> {
                ephemerals.add(Map.copyOf(params));
                yield "{\"ok\":true,\"message_ts\":\"1700000000.000001\"}";
            }
            case "usergroups.users.list" -> groups.containsKey(params.get("usergroup"))
                    ? "{\"ok\":true,\"users\":[" + groups.get(params.get("usergroup")).stream().map(u -> "\"" + u + "\"")
                            .collect(Collectors.joining(",")) + "]}"
                    : "{\"ok\":false,\"error\":\"no_such_subteam\"}";
            default -> "{\"ok\":false,\"error\":\"unknown_method\"}";
        };
        if (fault != null) {
            try {
                Thread.sleep(fault.delay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        send(exchange, 200, answer);
    }

    private String postMessage(Map<String, String> p) {
        String channel = p.get("channel");
        if (channel == null || channel.startsWith("CGONE")) {
            return "{\"ok\":false,\"error\":\"channel_not_found\"}";
        }
        long micros = clock.incrementAndGet();
        String ts = (micros / 1_000_000) + "." + String.format("%06d", micros % 1_000_000);
        messages.add(new Message(channel, ts, p.get("thread_ts"), p.get("text"), p.get("blocks")));
        return "{\"ok\":true,\"channel\":\"" + channel + "\",\"ts\":\"" + ts + "\"}";
    }

    private String update(Map<String, String> p) {
        for (Message m : messages) {
            if (m.channel.equals(p.get("channel")) && m.ts.equals(p.get("ts"))) {
                m.text = p.get("text");
                if (p.containsKey("blocks")) {
                    m.blocks = p.get("blocks");
                }
                m.edits++;
                return "{\"ok\":true,\"channel\":\"" + m.channel + "\",\"ts\":\"" + m.ts + "\"}";
            }
        }
        return "{\"ok\":false,\"error\":\"message_not_found\"}";
    }

    private void response(HttpExchange exchange) throws IOException {
        responses.add(new Ephemeral(exchange.getRequestURI().getPath().substring("/response/".length()),
                read(exchange.getRequestBody())));
        send(exchange, 200, "ok");
    }

    private static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> params = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return params;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        return params;
    }

    /**
     * A JSON body's top-level fields as the form would carry them: text as is, booleans as Slack's
     * SDK writes them in a form (1 and 0), and arrays and objects (blocks) as their JSON text exactly
     * as sent. A body that is not a JSON object reads as no parameters.
     */
    public static Map<String, String> json(String body) {
        Map<String, String> params = new LinkedHashMap<>();
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Map.of();
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.START_ARRAY || value == JsonToken.START_OBJECT) {
                    int start = (int) p.currentTokenLocation().getCharOffset();
                    p.skipChildren();
                    int end = (int) p.currentLocation().getCharOffset();
                    params.put(name, body.substring(start, end));
                } else if (value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE) {
                    params.put(name, value == JsonToken.VALUE_TRUE ? "1" : "0");
                } else if (value != JsonToken.VALUE_NULL) {
                    params.put(name, p.getText());
                }
            }
            return params;
        } catch (IOException e) {
            return Map.of();
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        if (socketMode != null) {
            socketMode.close();
        }
    }
}
