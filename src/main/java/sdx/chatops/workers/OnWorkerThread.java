package sdx.chatops.workers;

import java.util.function.Supplier;

import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The answer of an HTTP endpoint worked out on a worker thread, for endpoints that return it as a
 * {@link Uni}: Quarkus REST then reads the request body on the I/O thread as it arrives (a blocking
 * endpoint has a worker thread wait for it, chunk by chunk), and only the work takes a worker. The
 * trace of the request goes along.
 */
public final class OnWorkerThread {

    private OnWorkerThread() {
    }

    public static <T> Uni<T> answer(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Context.current().wrap(Infrastructure.getDefaultWorkerPool()));
    }
}
