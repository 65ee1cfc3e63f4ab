package sdx.chatops.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;

/**
 * The bytes a WebSocket client sent, read as RFC 6455 frames, for {@link FakeSocketMode}: it records
 * the code of the client's close frame as it arrives on the wire. The fake server cannot be asked: it
 * decodes frames on worker threads but notices the end of the TCP stream on its selector thread, so a
 * client that sends its close frame and ends the connection at once (as the Java-WebSocket client does
 * when its read thread is awake as it closes) is reported as closed without a frame (1006).
 */
final class ClientFrames implements ByteChannel {

    private static final int CLOSE = 0x8;

    private final ByteChannel channel;
    private final ByteArrayOutputStream unread = new ByteArrayOutputStream();
    private boolean handshakeRead;
    private volatile Integer closeCode;

    ClientFrames(ByteChannel channel) {
        this.channel = channel;
    }

    /** The code of the client's close frame (1005 for one without a code), or null before one arrived. */
    Integer closeCode() {
        return closeCode;
    }

    @Override
    public int read(ByteBuffer into) throws IOException {
        int start = into.position();
        int read = channel.read(into);
        if (read > 0) {
            ByteBuffer copy = into.duplicate();
            copy.flip().position(start);
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            seen(bytes);
        }
        return read;
    }

    private synchronized void seen(byte[] bytes) {
        unread.writeBytes(bytes);
        byte[] all = unread.toByteArray();
        int at = 0;
        if (!handshakeRead) {
            int end = indexOf(all, "\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            if (end < 0) {
                return;
            }
            handshakeRead = true;
            at = end + 4;
        }
        int consumed;
        while ((consumed = frame(all, at)) > 0) {
            at += consumed;
        }
        unread.reset();
        unread.write(all, at, all.length - at);
    }

    /** Reads one whole frame at {@code at}; returns its length, or 0 when it has not all arrived. */
    private int frame(byte[] b, int at) {
        if (b.length - at < 2) {
            return 0;
        }
        int opcode = b[at] & 0x0F;
        boolean masked = (b[at + 1] & 0x80) != 0;
        long length = b[at + 1] & 0x7F;
        int header = 2;
        if (length == 126 || length == 127) {
            int extended = length == 126 ? 2 : 8;
            if (b.length - at < header + extended) {
                return 0;
            }
            length = 0;
            for (int i = 0; i < extended; i++) {
                length = (length << 8) | (b[at + header + i] & 0xFF);
            }
            header += extended;
        }
        int maskAt = at + header;
        header += masked ? 4 : 0;
        if (length > Integer.MAX_VALUE - header || b.length - at < header + length) {
            return 0;
        }
        if (opcode == CLOSE && closeCode == null) {
            closeCode = length < 2 ? 1005 : (payloadByte(b, at + header, 0, masked, maskAt) << 8)
                    | payloadByte(b, at + header, 1, masked, maskAt);
        }
        return header + (int) length;
    }

    private static int payloadByte(byte[] b, int payloadAt, int i, boolean masked, int maskAt) {
        int value = b[payloadAt + i] & 0xFF;
        return masked ? value ^ (b[maskAt + i % 4] & 0xFF) : value;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer: for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public int write(ByteBuffer from) throws IOException {
        return channel.write(from);
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
