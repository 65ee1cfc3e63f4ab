package sdx.chatops.store;

import java.time.Duration;

import jakarta.inject.Singleton;

/** Wakes the outbox worker as soon as a transaction has recorded something for Slack. */
@Singleton
public class OutboxSignal {

    private boolean pending;

    public synchronized void wake() {
        pending = true;
        notifyAll();
    }

    /** Waits until woken or until {@code max} has passed. */
    public synchronized void await(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!pending) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        pending = false;
    }
}
