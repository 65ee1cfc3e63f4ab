package sdx.chatops.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.drafts.Draft;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.DefaultWebSocketServerFactory;
import org.java_websocket.server.WebSocketServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Slack's Socket Mode server on loopback, for tests: {@code apps.connections.open} on {@link FakeSlack}
 * issues a one-time ticket in a {@code ws://127.0.0.1:<port>/link/?ticket=…} URL; a connection with a
 * valid ticket is greeted with {@code hello}; a test then pushes envelopes ({@code slash_commands},
 * {@code interactive}, or any text) to the newest connection and reads the acknowledgements. It can ask
 * the bot to reconnect ({@code disconnect}), drop a connection without a close frame, or stop answering
 * pings on it, as a dead network path would.
 */
public final class FakeSocketMode implements AutoCloseable {

    public static final String APP_ID = "A0SDX";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One connection the bot opened, as the server saw it. */
    public static final class Connection {
        public final int number;
        public final String ticket;
        public final Instant openedAt = Instant.now();
        final WebSocket socket;
        final ClientFrames frames;
        final CountDownLatch closedLatch = new CountDownLatch(1);
        volatile boolean silent;
        /** The code of the close frame the bot sent, as read on the wire; 1006 when it sent none. */
        public volatile Integer closeCode;
        /** True when the bot closed it (a close frame from the bot, or its TCP end going away). */
        public volatile boolean closedByBot;
        public volatile Instant closedAt;

        Connection(int number, String ticket, WebSocket socket, ClientFrames frames) {
            this.number = number;
            this.ticket = ticket;
            this.socket = socket;
            this.frames = frames;
        }

        public boolean isOpen() {
            return closedAt == null && socket.isOpen();
        }

        public boolean awaitClosed(Duration timeout) throws InterruptedException {
            return closedLatch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private final Server server;
    private final Map<WebSocket, ClientFrames> wire = new ConcurrentHashMap<>();
    private final Set<String> tickets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger ticketNumbers = new AtomicInteger();
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final Map<String, JsonNode> acks = new ConcurrentHashMap<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private volatile boolean greet = true;

    public FakeSocketMode() {
        server = new Server();
        server.setReuseAddr(true);
        server.setWebSocketFactory(new ReadingFrames());
        // The fake never pings: only the bot's pings (answered, unless a connection is silenced) keep a link alive.
        server.setConnectionLostTimeout(0);
        server.setDaemon(true);
        server.start();
        try {
            if (!server.started.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the fake Socket Mode server did not start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A new one-time URL, as {@code apps.connections.open} answers it. */
    public String issueUrl() {
        String ticket = "ticket-" + ticketNumbers.incrementAndGet() + "-" + UUID.randomUUID();
        tickets.add(ticket);
        return "ws://127.0.0.1:" + server.getPort() + "/link/?ticket=" + ticket;
    }

    /** Whether new connections are greeted with {@code hello} (true unless a test says otherwise). */
    public void greet(boolean greet) {
        this.greet = greet;
    }

    public List<Connection> connections() {
        return List.copyOf(connections);
    }

    /** The newest connection still open. */
    public Connection current() {
        List<Connection> all = connections();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).isOpen()) {
                return all.get(i);
            }
        }
        throw new AssertionError("the bot has no open Socket Mode connection");
    }

    /** Waits until at least {@code count} connections have been opened in all. */
    public Connection awaitConnections(int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> connections.size() >= count);
        return connections().get(count - 1);
    }

    /** Pushes an envelope to the newest connection; returns its envelope id. */
    public String envelope(String type, String payloadJson, boolean acceptsResponsePayload) {
        String id = UUID.randomUUID().toString();
        ObjectNode envelope = JSON.createObjectNode().put("envelope_id", id).put("type", type)
                .put("accepts_response_payload", acceptsResponsePayload).put("retry_attempt", 0).put("retry_reason", "");
        try {
            envelope.set("payload", JSON.readTree(payloadJson));
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + payloadJson, e);
        }
        send(envelope.toString());
        return id;
    }

    /** Sends any text to the newest connection. */
    public void send(String text) {
        current().socket.send(text);
    }

    /** The acknowledgement of an envelope, waiting up to 5 s for it. */
    public JsonNode awaitAck(String envelopeId) {
        await().atMost(Duration.ofSeconds(5)).until(() -> acks.containsKey(envelopeId));
        return acks.get(envelopeId);
    }

    /** The acknowledgement, if one has arrived. */
    public JsonNode ack(String envelopeId) {
        return acks.get(envelopeId);
    }

    /** Every text message the bot sent, in order. */
    public List<String> received() {
        return List.copyOf(received);
    }

    /** Asks the bot to reconnect, as Slack does before it refreshes a connection. */
    public void disconnect(String reason) {
        send("{\"type\":\"disconnect\",\"reason\":\"" + reason + "\",\"debug_info\":{\"host\":\"fake-socket-mode\"}}");
    }

    /** Closes the newest connection without a close frame: the bot sees the TCP connection end. */
    public Connection drop() {
        Connection connection = current();
        connection.socket.closeConnection(1006, "dropped by the test");
        return connection;
    }

    /** The newest connection stops answering pings (and says nothing), like a dead network path. */
    public Connection silence() {
        Connection connection = current();
        connection.silent = true;
        return connection;
    }

    @Override
    public void close() {
        try {
            server.stop(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Server extends WebSocketServer {

        final CountDownLatch started = new CountDownLatch(1);

        Server() {
            super(new InetSocketAddress("127.0.0.1", 0));
        }

        @Override
        public void onStart() {
            started.countDown();
        }

        @Override
        public void onOpen(WebSocket socket, ClientHandshake handshake) {
            String resource = handshake.getResourceDescriptor();
            String ticket = resource.startsWith("/link/?ticket=") ? resource.substring("/link/?ticket=".length()) : "";
            if (!tickets.remove(ticket)) {
                // Slack's tickets work once.
                socket.close(1008, "invalid ticket");
                return;
            }
            Connection connection = new Connection(connections.size() + 1, ticket, socket, wire.get(socket));
            socket.setAttachment(connection);
            connections.add(connection);
            if (greet) {
                socket.send("{\"type\":\"hello\",\"num_connections\":" + openCount() + ",\"debug_info\":{\"host\":"
                        + "\"fake-socket-mode\",\"build_number\":1,\"approximate_connection_time\":18060},"
                        + "\"connection_info\":{\"app_id\":\"" + APP_ID + "\"}}");
            }
        }

        private long openCount() {
            return connections.stream().filter(Connection::isOpen).count();
        }

        @Override
        public void onClose(WebSocket socket, int code, String reason, boolean remote) {
            wire.remove(socket);
            Connection connection = socket.getAttachment();
            if (connection != null) {
                Integer sent = connection.frames == null ? null : connection.frames.closeCode();
                connection.closeCode = sent != null ? sent : code;
                connection.closedByBot = remote || sent != null;
                connection.closedAt = Instant.now();
                connection.closedLatch.countDown();
            }
        }

        @Override
        public void onMessage(WebSocket socket, String message) {
            received.add(message);
            try {
                JsonNode node = JSON.readTree(message);
                if (node.hasNonNull("envelope_id")) {
                    acks.put(node.get("envelope_id").asText(), node);
                }
            } catch (Exception e) {
                // kept in received() for assertions
            }
        }

        @Override
        public void onWebsocketPing(WebSocket socket, Framedata frame) {
            Connection connection = socket.getAttachment();
            if (connection == null || !connection.silent) {
                super.onWebsocketPing(socket, frame);
            }
        }

        @Override
        public void onError(WebSocket socket, Exception e) {
            // a test sees the effect (a closed connection), not the exception
        }
    }

    /** Connections as the server's default factory makes them, with the bytes they receive read as frames. */
    private final class ReadingFrames implements WebSocketServerFactory {

        private final DefaultWebSocketServerFactory connections = new DefaultWebSocketServerFactory();

        @Override
        public WebSocketImpl createWebSocket(WebSocketAdapter adapter, Draft draft) {
            return connections.createWebSocket(adapter, draft);
        }

        @Override
        public WebSocketImpl createWebSocket(WebSocketAdapter adapter, List<Draft> drafts) {
            return connections.createWebSocket(adapter, drafts);
        }

        @Override
        public ByteChannel wrapChannel(SocketChannel channel, SelectionKey key) throws IOException {
            ClientFrames frames = new ClientFrames(connections.wrapChannel(channel, key));
            wire.put((WebSocket) key.attachment(), frames);
            return frames;
        }

        @Override
        public void close() {
            connections.close();
        }
    }
}
