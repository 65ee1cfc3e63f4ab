import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A closed-loop HTTP/1.1 load client, the benchmark's second opinion next to wrk: each of C
 * connections sends one request, waits for the whole answer, records how long it took (from the
 * moment the request is written to the last byte of the answer) and sends the next. Every latency
 * is kept, so percentiles and "answers slower than 3 s" are exact, with no histogram buckets and no
 * correction of any kind (a closed loop measures what one Slack connection would see).
 *
 * <p>Reads the request files of bench/lib/requests.js. Runs with plain {@code java LoadClient.java}
 * (Java 17 single-file source launch), no dependencies.
 *
 * <pre>
 * java LoadClient.java HOST PORT FILE CONNECTIONS (--duration SECONDS | --once) [--csv OUT]
 * </pre>
 *
 * {@code --once} sends every line exactly once (clicks, callbacks); {@code --duration} cycles
 * through the lines for that long. Prints one JSON object; {@code --csv} also writes one line per
 * request: index, epoch ms when sent, latency in µs, HTTP status, answer class.
 */
public final class LoadClient {

    static final String[] CLASSES = { "created", "busy", "deferred", "other", "non200", "error" };

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        List<byte[]> requests = load(Path.of(args[2]), host, port);
        int connections = Integer.parseInt(args[3]);
        boolean once = false;
        double duration = 0;
        Path csv = null;
        for (int i = 4; i < args.length; i++) {
            switch (args[i]) {
                case "--once" -> once = true;
                case "--duration" -> duration = Double.parseDouble(args[++i]);
                case "--csv" -> csv = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        int n = requests.size();
        AtomicInteger next = new AtomicInteger();
        long startNanos = System.nanoTime();
        long endNanos = once ? Long.MAX_VALUE : startNanos + (long) (duration * 1e9);
        Worker[] workers = new Worker[connections];
        CountDownLatch done = new CountDownLatch(connections);
        for (int c = 0; c < connections; c++) {
            Worker w = new Worker(host, port, requests, next, once, endNanos, done);
            workers[c] = w;
            Thread t = new Thread(w, "load-" + c);
            t.setDaemon(true);
            t.start();
        }
        done.await();
        double elapsed = (System.nanoTime() - startNanos) / 1e9;

        int total = 0;
        for (Worker w : workers) {
            total += w.count;
        }
        long[] latencies = new long[total];
        long[] classes = new long[CLASSES.length];
        long over3s = 0;
        int k = 0;
        for (Worker w : workers) {
            for (int i = 0; i < w.count; i++) {
                latencies[k++] = w.latencyMicros[i];
                classes[w.kind[i]]++;
                if (w.latencyMicros[i] > 3_000_000) {
                    over3s++;
                }
            }
        }
        if (csv != null) {
            try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(csv))) {
                out.println("index,sent_ms,latency_us,status,class");
                for (Worker w : workers) {
                    for (int i = 0; i < w.count; i++) {
                        out.println(w.index[i] + "," + w.sentMillis[i] + "," + w.latencyMicros[i] + "," + w.status[i] + ","
                                + CLASSES[w.kind[i]]);
                    }
                }
            }
        }
        Arrays.sort(latencies);
        StringBuilder json = new StringBuilder("{");
        json.append("\"requests\":").append(total).append(",\"duration_s\":").append(String.format("%.3f", elapsed))
                .append(",\"rps\":").append(String.format("%.1f", total / elapsed))
                .append(",\"connections\":").append(connections).append(",\"distinct\":").append(n)
                .append(",\"p50_us\":").append(pct(latencies, 50)).append(",\"p90_us\":").append(pct(latencies, 90))
                .append(",\"p99_us\":").append(pct(latencies, 99)).append(",\"p999_us\":").append(pct(latencies, 99.9))
                .append(",\"max_us\":").append(total == 0 ? 0 : latencies[total - 1])
                .append(",\"over_3s\":").append(over3s);
        for (int i = 0; i < CLASSES.length; i++) {
            json.append(",\"").append(CLASSES[i]).append("\":").append(classes[i]);
        }
        System.out.println(json.append("}"));
    }

    /** The nearest-rank percentile of sorted values. */
    static long pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static List<byte[]> load(Path file, String host, int port) throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", 6);
            byte[] body = f[5].getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder();
            head.append(f[0]).append(' ').append(f[1]).append(" HTTP/1.1\r\n");
            head.append("Host: ").append(host).append(':').append(port).append("\r\n");
            head.append("Content-Type: ").append(f[2]).append("\r\n");
            if (!"-".equals(f[3])) {
                head.append("X-Slack-Request-Timestamp: ").append(f[3]).append("\r\n");
                head.append("X-Slack-Signature: ").append(f[4]).append("\r\n");
            }
            head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
            byte[] h = head.toString().getBytes(StandardCharsets.US_ASCII);
            byte[] all = Arrays.copyOf(h, h.length + body.length);
            System.arraycopy(body, 0, all, h.length, body.length);
            out.add(all);
        }
        return out;
    }

    static final class Worker implements Runnable {
        final String host;
        final int port;
        final List<byte[]> requests;
        final AtomicInteger next;
        final boolean once;
        final long endNanos;
        final CountDownLatch done;
        int count;
        int[] index = new int[1024];
        long[] sentMillis = new long[1024];
        long[] latencyMicros = new long[1024];
        int[] status = new int[1024];
        byte[] kind = new byte[1024];
        Socket socket;
        InputStream in;
        OutputStream out;

        Worker(String host, int port, List<byte[]> requests, AtomicInteger next, boolean once, long endNanos,
                CountDownLatch done) {
            this.host = host;
            this.port = port;
            this.requests = requests;
            this.next = next;
            this.once = once;
            this.endNanos = endNanos;
            this.done = done;
        }

        @Override
        public void run() {
            try {
                while (true) {
                    if (System.nanoTime() >= endNanos) {
                        return;
                    }
                    int i = next.getAndIncrement();
                    if (once && i >= requests.size()) {
                        return;
                    }
                    byte[] request = requests.get(i % requests.size());
                    long sent = System.currentTimeMillis();
                    long t0 = System.nanoTime();
                    int code;
                    byte k;
                    try {
                        if (socket == null) {
                            connect();
                        }
                        out.write(request);
                        out.flush();
                        Answer a = read();
                        code = a.status;
                        k = classify(a);
                        if (a.close) {
                            close();
                        }
                    } catch (IOException e) {
                        close();
                        code = 0;
                        k = 5;
                    }
                    record(i, sent, (System.nanoTime() - t0) / 1_000, code, k);
                }
            } finally {
                close();
                done.countDown();
            }
        }

        void record(int i, long sent, long micros, int code, byte k) {
            if (count == index.length) {
                int size = count * 2;
                index = Arrays.copyOf(index, size);
                sentMillis = Arrays.copyOf(sentMillis, size);
                latencyMicros = Arrays.copyOf(latencyMicros, size);
                status = Arrays.copyOf(status, size);
                kind = Arrays.copyOf(kind, size);
            }
            index[count] = i;
            sentMillis[count] = sent;
            latencyMicros[count] = micros;
            status[count] = code;
            kind[count] = k;
            count++;
        }

        static byte classify(Answer a) {
            if (a.status != 200) {
                return 4;
            }
            if (a.body.contains("sent for approval")) {
                return 0;
            }
            if (a.body.contains("too many requests")) {
                return 1;
            }
            return (byte) (a.body.contains("shortly") ? 2 : 3);
        }

        void connect() throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(60_000);
            socket.connect(new InetSocketAddress(host, port), 10_000);
            in = new BufferedInputStream(socket.getInputStream(), 16_384);
            out = socket.getOutputStream();
        }

        void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
                socket = null;
            }
        }

        record Answer(int status, String body, boolean close) {
        }

        Answer read() throws IOException {
            String statusLine = line();
            int code = Integer.parseInt(statusLine.split(" ")[1]);
            int length = -1;
            boolean chunked = false;
            boolean close = statusLine.startsWith("HTTP/1.0");
            for (String h = line(); !h.isEmpty(); h = line()) {
                int colon = h.indexOf(':');
                String name = h.substring(0, colon).trim().toLowerCase();
                String value = h.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Integer.parseInt(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase().contains("chunked");
                    case "connection" -> close = value.equalsIgnoreCase("close");
                    default -> {
                    }
                }
            }
            byte[] body;
            if (chunked) {
                java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
                while (true) {
                    int size = Integer.parseInt(line().split(";")[0].trim(), 16);
                    if (size == 0) {
                        while (!line().isEmpty()) {
                            // trailers
                        }
                        break;
                    }
                    all.write(in.readNBytes(size));
                    line();
                }
                body = all.toByteArray();
            } else if (length >= 0) {
                body = in.readNBytes(length);
            } else {
                body = in.readAllBytes();
                close = true;
            }
            return new Answer(code, new String(body, StandardCharsets.UTF_8), close);
        }

        String line() throws IOException {
            StringBuilder s = new StringBuilder();
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\n') {
                    int len = s.length();
                    return len > 0 && s.charAt(len - 1) == '\r' ? s.substring(0, len - 1) : s.toString();
                }
                s.append((char) c);
            }
            throw new IOException("connection closed");
        }
    }
}
