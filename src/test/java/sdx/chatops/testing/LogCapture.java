package sdx.chatops.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import org.jboss.logmanager.ExtLogRecord;

/**
 * Everything the bot logs while a {@code @QuarkusTest} runs in this JVM, for assertions about its
 * log: no stack traces, no secrets, one concise line per refusal. Installed once on the root logger.
 */
public final class LogCapture extends Handler {

    private static final LogCapture INSTANCE = new LogCapture();
    private static volatile boolean installed;

    /** One logged line: level, logger, the formatted message, and whether a throwable was attached. */
    public record Line(Level level, String logger, String message, boolean hasThrowable) {

        @Override
        public String toString() {
            return level + " [" + logger + "] " + message + (hasThrowable ? " (with a throwable)" : "");
        }
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();

    public static synchronized LogCapture install() {
        if (!installed) {
            Logger.getLogger("").addHandler(INSTANCE);
            installed = true;
        }
        return INSTANCE;
    }

    /** A position to read from, so a test sees only what it caused (and what ran meanwhile). */
    public int mark() {
        return lines.size();
    }

    public List<Line> since(int mark) {
        return List.copyOf(lines.subList(Math.min(mark, lines.size()), lines.size()));
    }

    /** Lines since {@code mark} that show a stack trace, or carry a throwable that a log format would print. */
    public List<Line> stackTracesSince(int mark) {
        return since(mark).stream().filter(l -> l.hasThrowable() || l.message().contains("\n\tat ")
                || l.message().matches("(?s).*\\bat [a-z]+(\\.[a-zA-Z0-9_$]+)+\\(.*")).toList();
    }

    public String textSince(int mark) {
        return since(mark).stream().map(Line::toString).collect(Collectors.joining("\n"));
    }

    @Override
    public void publish(LogRecord record) {
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage()
                : new java.util.logging.SimpleFormatter().formatMessage(record);
        lines.add(new Line(record.getLevel(), record.getLoggerName(), message == null ? "" : message,
                record.getThrown() != null));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
