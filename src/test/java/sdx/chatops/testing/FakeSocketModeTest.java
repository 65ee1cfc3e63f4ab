package sdx.chatops.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fake Socket Mode server reports the close frame a client sent even when the client ends the TCP
 * connection in the same instant, which the WebSocket server it is built on reports as 1006.
 */
class FakeSocketModeTest {

    private final FakeSocketMode fake = new FakeSocketMode();

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void closeFrameFollowedAtOnceByTheEndOfTheConnectionIsReportedWithItsCode() throws Exception {
        for (int round = 0; round < 30; round++) {
            try (Socket socket = open(fake.issueUrl())) {
                FakeSocketMode.Connection connection = fake.connections().get(round);
                // A masked close frame with code 1001 and a reason, then the end of the connection.
                byte[] payload = { 0x03, (byte) 0xE9, 'b', 'y', 'e' };
                socket.getOutputStream().write(frame(0x8, payload, new byte[] { 0x12, 0x34, 0x56, 0x78 }));
                socket.getOutputStream().flush();
                socket.close();

                assertThat(connection.awaitClosed(Duration.ofSeconds(5))).isTrue();
                assertThat(connection.closedByBot).isTrue();
                assertThat(connection.closeCode).as("round %d", round).isEqualTo(1001);
            }
        }
    }

    @Test
    void connectionEndedWithoutACloseFrameIsReportedAs1006EvenAfterLongFrames() throws Exception {
        try (Socket socket = open(fake.issueUrl())) {
            FakeSocketMode.Connection connection = fake.connections().get(0);
            // A text frame with a 16-bit length whose payload (mask 0) is full of close-frame headers: "\u0208" is C8 88.
            byte[] text = "\u0208".repeat(150).getBytes(StandardCharsets.UTF_8);
            socket.getOutputStream().write(frame(0x1, text, new byte[] { 0, 0, 0, 0 }));
            socket.getOutputStream().flush();
            Thread.sleep(200);
            socket.close();

            assertThat(connection.awaitClosed(Duration.ofSeconds(5))).isTrue();
            assertThat(connection.closeCode).isEqualTo(1006);
        }
    }

    private static Socket open(String url) throws IOException {
        URI uri = URI.create(url);
        Socket socket = new Socket(uri.getHost(), uri.getPort());
        socket.setSoTimeout(5_000);
        String key = Base64.getEncoder().encodeToString("sixteen byte key".getBytes(StandardCharsets.US_ASCII));
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":"
                + uri.getPort() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.read());
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101");
        // The hello frame: a short unmasked text frame.
        int first = in.read();
        int length = in.read() & 0x7F;
        if (length == 126) {
            length = (in.read() << 8) | in.read();
        }
        assertThat(first).isEqualTo(0x81);
        assertThat(new String(in.readNBytes(length), StandardCharsets.UTF_8)).contains("\"hello\"");
        return socket;
    }

    private static byte[] frame(int opcode, byte[] payload, byte[] mask) {
        int header = payload.length < 126 ? 2 : 4;
        byte[] frame = new byte[header + 4 + payload.length];
        frame[0] = (byte) (0x80 | opcode);
        if (payload.length < 126) {
            frame[1] = (byte) (0x80 | payload.length);
        } else {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (payload.length >> 8);
            frame[3] = (byte) payload.length;
        }
        System.arraycopy(mask, 0, frame, header, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[header + 4 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return frame;
    }
}
