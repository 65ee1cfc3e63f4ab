package sdx.chatops.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback in front of a server, which can be frozen, as a hung server or a failover
 * that leaves connections half-open looks to a client: from the freeze on, every connection it had
 * and every one it takes while frozen stays open and passes no byte either way, for good.
 * Connections taken after the thaw work.
 */
public final class FreezableProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean frozen;
    /** Moves on at each freeze and thaw: a connection works only in the period it was taken in. */
    private volatile int period;

    public FreezableProxy(int targetPort) {
        this.targetPort = targetPort;
        try {
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        daemon(this::accept, "freezable-proxy");
    }

    public int port() {
        return listener.getLocalPort();
    }

    public void freeze() {
        frozen = true;
        period++;
    }

    public void thaw() {
        frozen = false;
        period++;
    }

    private void accept() {
        try {
            while (true) {
                Socket client = listener.accept();
                int taken = period;
                Socket server = new Socket();
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
                sockets.add(client);
                sockets.add(server);
                daemon(() -> pump(client, server, taken), "freezable-proxy-up");
                daemon(() -> pump(server, client, taken), "freezable-proxy-down");
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void pump(Socket from, Socket to, int taken) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            while (true) {
                awaitWorking(taken, from);
                int n = in.read(buffer);
                if (n < 0) {
                    return;
                }
                awaitWorking(taken, from);
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** Returns while the connection works; one that stopped waits here until it is closed. */
    private void awaitWorking(int taken, Socket from) {
        while ((frozen || taken != period) && !from.isClosed()) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void daemon(Runnable work, String name) {
        Thread t = new Thread(work, name);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        sockets.forEach(FreezableProxy::closeQuietly);
    }
}
