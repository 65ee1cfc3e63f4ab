package sdx.chatops.packaged;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import sdx.chatops.testing.BotProcess;
import sdx.chatops.testing.FakeSlack;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.Flow;
import sdx.chatops.testing.PostgresStore;
import sdx.chatops.testing.SdxStubs;
import sdx.chatops.testing.SlackRequests;

/**
 * SDX limits calls per API key, not per bot: two replicas on one PostgreSQL spend one budget. With
 * 60 calls a minute (a burst of 10, then one a second), 24 approvals clicked on both replicas at once
 * reach SDX at most about 10 times at once, not 20 (which two budgets of their own would allow), and
 * the rest follow as the budget refills, each call no sooner than the shared budget allows.
 */
class SharedSdxBudgetIT {

    private static final int PER_MINUTE = 60;
    private static final int BURST = PER_MINUTE / 6;
    /** A replica takes its turn in the budget a moment before SDX logs its call: two calls of leeway. */
    private static final int LEEWAY_IN_CALLS = 2;
    private static final Fakes FAKES = new Fakes();
    private static BotProcess a;
    private static BotProcess b;

    @BeforeAll
    static void start() {
        Map<String, String> environment = new LinkedHashMap<>();
        FAKES.start().forEach((name, value) -> {
            if (name.equals(name.toUpperCase())) {
                environment.put(name, value);
            }
        });
        environment.putAll(new PostgresStore().start());
        environment.put("CHATOPS_SDX_REQUESTS_PER_MINUTE", String.valueOf(PER_MINUTE));
        environment.put("CHATOPS_WORKERS_SWEEP_INTERVAL", "500ms");
        a = BotProcess.start(environment);
        b = BotProcess.start(environment);
        a = BotProcess.awaitReady(a);
        b = BotProcess.awaitReady(b);
        SdxStubs.sites(Fakes.sdx());
    }

    @AfterAll
    static void stop() throws Exception {
        for (BotProcess bot : new BotProcess[] { a, b }) {
            if (bot != null) {
                bot.close();
            }
        }
        FAKES.stop();
    }

    @Test
    void twoReplicasTogetherStayWithinOneSdxBudget() throws Exception {
        SdxStubs.accepts(Fakes.sdx(), SdxStubs.CORE_ID, "req-budget", "idem-budget");
        int requests = 24;
        List<Flow> flows = new ArrayList<>();
        List<FakeSlack.Message> approvals = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            Flow flow = new Flow();
            SlackRequests.post(SlackRequests.slashCommand(flow.channel, SlackRequests.REQUESTER,
                    "queue core-rtr-01 /system identity print", flow.channel + "-cmd"), (i % 2 == 0 ? a : b).port()).then()
                    .statusCode(200);
            flows.add(flow);
        }
        for (Flow flow : flows) {
            approvals.add(flow.awaitApprovalMessage());
        }
        // Let the budget refill completely after the site look-ups above.
        Thread.sleep(BURST * 60_000L / PER_MINUTE + 1_000);
        Fakes.sdx().resetRequests();

        ExecutorService clickers = Executors.newFixedThreadPool(requests);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> clicks = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            Flow flow = flows.get(i);
            FakeSlack.Message approval = approvals.get(i);
            BotProcess target = i % 2 == 0 ? a : b;
            clicks.add(clickers.submit(() -> {
                go.await();
                return SlackRequests.post(SlackRequests.click(flow.channel, Fakes.APPROVER, "sdx_approve",
                        Flow.requestId(approval), approval.ts, flow.channel + "-click"), target.port()).statusCode();
            }));
        }
        go.countDown();
        for (Future<Integer> click : clicks) {
            assertThat(click.get(30, TimeUnit.SECONDS)).isEqualTo(200);
        }
        clickers.shutdown();

        // Nothing is lost: every approved request reaches SDX once, as the budget refills.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(
                () -> sdxQueueCalls().size() == requests);

        // One budget: by the time of each call, at most the burst plus one a second since the first call.
        // Judged on when SDX saw each call, not counted after a fixed wait: a slow machine only spreads them out.
        // Two budgets of their own would let twice the burst through in the first second.
        List<Long> sent = sdxQueueCalls().stream()
                .map(call -> call.getLoggedDate().getTime()).sorted().toList();
        assertThat(sent).hasSize(requests);
        for (int i = 0; i < sent.size(); i++) {
            long sinceFirst = sent.get(i) - sent.get(0);
            int allowed = BURST + LEEWAY_IN_CALLS + (int) (sinceFirst * PER_MINUTE / 60_000L);
            assertThat(i + 1).as("SDX queue calls by both replicas within %d ms of the first", sinceFirst)
                    .isLessThanOrEqualTo(allowed);
        }
        assertThat(BURST + LEEWAY_IN_CALLS).isLessThan(2 * BURST);
    }

    private static List<LoggedRequest> sdxQueueCalls() {
        return Fakes.sdx().findAll(postRequestedFor(urlPathMatching("/api/asynchronous/.*")));
    }
}
