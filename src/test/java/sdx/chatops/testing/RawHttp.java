package sdx.chatops.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * One HTTP/1.1 POST over a plain socket on loopback, with the body framed as a test chooses: whole,
 * dribbled in pieces, chunked, or cut short. What {@code java.net.http} cannot send: it always writes a
 * body whole with its length. The request asks the server to close the connection after its answer.
 */
public final class RawHttp {

    /** How the body goes over the wire. */
    public enum Framing {
        /** Content-Length, one write. */
        WHOLE,
        /** Content-Length, written in pieces of 1 byte to 4 KiB, now and then after a pause of a few ms. */
        PIECES,
        /** Transfer-Encoding: chunked, chunks of 1 byte to 8 KiB. */
        CHUNKED,
        /** Content-Length larger than what is sent; the client then ends its side of the connection. */
        TRUNCATED
    }

    /** The server's answer; status -1 when it closed the connection without one. */
    public record Answer(int status, String body) {
    }

    private RawHttp() {
    }

    public static Answer post(int port, String path, Map<String, List<String>> headers, byte[] body, Framing framing,
            Random random) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nConnection: close\r\n");
            headers.forEach((name, values) -> values.forEach(value -> head.append(name).append(": ").append(value)
                    .append("\r\n")));
            switch (framing) {
                case CHUNKED -> head.append("Transfer-Encoding: chunked\r\n");
                case TRUNCATED -> head.append("Content-Length: ").append(body.length + 1 + random.nextInt(100)).append("\r\n");
                default -> head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            switch (framing) {
                case WHOLE, TRUNCATED -> out.write(body);
                case PIECES -> {
                    for (int at = 0; at < body.length;) {
                        int n = Math.min(body.length - at, 1 + random.nextInt(4_096));
                        out.write(body, at, n);
                        out.flush();
                        at += n;
                        if (random.nextInt(8) == 0) {
                            pause(1 + random.nextInt(5));
                        }
                    }
                }
                case CHUNKED -> {
                    for (int at = 0; at < body.length;) {
                        int n = Math.min(body.length - at, 1 + random.nextInt(8_192));
                        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        out.write(body, at, n);
                        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                        at += n;
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                }
            }
            out.flush();
            if (framing == Framing.TRUNCATED) {
                socket.shutdownOutput();
            }
            return read(socket);
        }
    }

    private static Answer read(Socket socket) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try {
            socket.getInputStream().transferTo(all);
        } catch (SocketTimeoutException e) {
            throw new IOException("no end of the answer within 30 s", e);
        } catch (IOException e) {
            // a reset after (or instead of) the answer: keep what arrived
        }
        byte[] bytes = all.toByteArray();
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.") || end < 0) {
            return new Answer(-1, text);
        }
        int status = Integer.parseInt(text.substring(9, 12));
        String headers = text.substring(0, end).toLowerCase(Locale.ROOT);
        byte[] rest = Arrays.copyOfRange(bytes, end + 4, bytes.length);
        byte[] body = headers.contains("\r\ntransfer-encoding: chunked") ? unchunk(rest) : rest;
        return new Answer(status, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] unchunk(byte[] chunked) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int line = indexOfCrlf(chunked, at);
            if (line < 0) {
                break;
            }
            String size = new String(chunked, at, line - at, StandardCharsets.ISO_8859_1);
            int semicolon = size.indexOf(';');
            int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (n == 0) {
                break;
            }
            body.write(chunked, line + 2, n);
            at = line + 2 + n + 2;
        }
        return body.toByteArray();
    }

    private static int indexOfCrlf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static void pause(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
