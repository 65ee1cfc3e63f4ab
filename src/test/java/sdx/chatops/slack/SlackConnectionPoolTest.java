package sdx.chatops.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import okhttp3.ConnectionPool;
import sdx.chatops.testing.Fakes;

/**
 * The bot's Slack client keeps a connection for every call that can be in flight: a burst of
 * concurrent posts leaves its connections open for the next one, which opens none (against
 * slack.com each new connection is a TLS handshake). OkHttp's default pool keeps five.
 */
@QuarkusTest
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
class SlackConnectionPoolTest {

    private static final int CONCURRENT = 24;

    @Inject
    Slack slack;

    @Inject
    MethodsClient methods;

    @Test
    void connectionsOfABurstOfPostsStayOpenForTheNextBurst() throws Exception {
        ConnectionPool pool = slack.getHttpClient().getOkHttpClient().connectionPool();
        String channel = "CPOOL" + System.nanoTime();

        burst(channel);
        // Eviction of idle connections beyond the pool's limit runs on OkHttp's own thread, at once.
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .until(() -> pool.idleConnectionCount() >= CONCURRENT);
        int open = pool.connectionCount();

        burst(channel);
        assertThat(pool.connectionCount()).as("connections after a second burst").isEqualTo(open);
        assertThat(Fakes.slack().calls("chat.postMessage", channel)).hasSize(2 * CONCURRENT);
    }

    /** {@link #CONCURRENT} posts at once, each answered by the fake after 300 ms, so that none shares a connection. */
    private void burst(String channel) throws Exception {
        Fakes.slack().slowIn(channel, "chat.postMessage", CONCURRENT, Duration.ofMillis(300));
        ExecutorService threads = Executors.newFixedThreadPool(CONCURRENT);
        try {
            List<Future<Boolean>> posts = new ArrayList<>();
            for (int i = 0; i < CONCURRENT; i++) {
                posts.add(threads.submit(() -> methods.chatPostMessage(r -> r.channel(channel).text("pool")).isOk()));
            }
            for (Future<Boolean> post : posts) {
                assertThat(post.get()).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
