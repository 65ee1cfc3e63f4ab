package sdx.chatops.sdx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import sdx.chatops.approval.CancelOutcome;
import sdx.chatops.approval.JobOptions;
import sdx.chatops.approval.JobSubmission;
import sdx.chatops.approval.QueueOutcome;
import sdx.chatops.approval.QueueTurn;
import sdx.chatops.approval.SdxJob;
import sdx.chatops.approval.SdxUnavailableException;
import sdx.chatops.approval.Site;
import sdx.chatops.testing.TestConfig;

/** The simulation on its own: sites, job steps, failures, the offline site, cancellation and callbacks. */
class SandboxSdxTest {

    /**
     * Long enough that what a test reads right after queueing (pending, not yet started, still
     * cancellable) cannot have moved on while a busy machine held the test up; short enough that the
     * waits for a step stay a few seconds.
     */
    private static final Duration STEP = Duration.ofSeconds(1);
    private static final JobOptions ACKNOWLEDGED = new JobOptions(true, false, true);
    private static final ObjectMapper JSON = new ObjectMapper();

    private SandboxSdx sandbox;
    private HttpServer bot;
    private final List<JsonNode> callbacks = new CopyOnWriteArrayList<>();
    private final List<String> callbackPaths = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        sandbox = new SandboxSdx(TestConfig.chatops(Map.of("chatops.sdx.sandbox", "true",
                "chatops.sdx.sandbox-step", STEP.toMillis() + "ms")), JSON, new SimpleMeterRegistry(), Clock.systemUTC());
        bot = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        bot.createContext("/sdx/notify/", exchange -> {
            callbackPaths.add(exchange.getRequestURI().getPath());
            callbacks.add(JSON.readTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        bot.start();
    }

    @AfterEach
    void stop() {
        sandbox.stop();
        bot.stop(0);
    }

    private String notifyUrl() {
        return "http://127.0.0.1:" + bot.getAddress().getPort() + "/sdx/notify/token-123";
    }

    private static JobSubmission job(String script, String notifyUrl) {
        return new JobSubmission("SDX-TEST01 via Slack: alice in #netops, approved by UBOB", script, ACKNOWLEDGED, notifyUrl);
    }

    private static QueueOutcome.Accepted accepted(QueueOutcome outcome) {
        assertThat(outcome).isInstanceOf(QueueOutcome.Accepted.class);
        return (QueueOutcome.Accepted) outcome;
    }

    private SdxJob only(String siteId) throws SdxUnavailableException {
        List<SdxJob> jobs = sandbox.jobs(siteId);
        assertThat(jobs).hasSize(1);
        return jobs.get(0);
    }

    @Test
    void fiveSandboxSitesOfWhichOneIsNotCheckingIn() throws Exception {
        assertThat(sandbox.sites()).extracting(Site::name).containsExactly("sandbox-core-01", "sandbox-edge-01",
                "sandbox-branch-01", "sandbox-branch-02", "sandbox-offline-01");
        assertThat(sandbox.sites()).filteredOn(site -> !site.hasPulse()).extracting(Site::name)
                .containsExactly("sandbox-offline-01");
        assertThat(sandbox.sites()).extracting(Site::id).doesNotHaveDuplicates()
                .allMatch(id -> id.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
    }

    @Test
    void queuedJobHasAReceiptAndMovesFromPendingToRunningToCompletedAsItsTimestampsShow() throws Exception {
        QueueOutcome.Accepted outcome = accepted(
                sandbox.queue(QueueTurn.TAKEN, SandboxSdx.CORE.id(), job("/system identity print", null)));

        assertThat(outcome.receipt().requestId()).isNotBlank();
        assertThat(outcome.receipt().idempotencyKey()).isNotBlank().isNotEqualTo(outcome.receipt().requestId());
        assertThat(outcome.receipt().target()).isEqualTo(SandboxSdx.CORE.id());
        assertThat(outcome.receipt().date()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00");
        SdxJob pending = only(SandboxSdx.CORE.id());
        assertThat(pending.idempotencyKey()).isEqualTo(outcome.receipt().idempotencyKey());
        assertThat(pending.description()).startsWith("SDX-TEST01");
        assertThat(pending.status().name()).isEqualTo("pending");
        assertThat(pending.startedAt()).isNull();

        await().atMost(Duration.ofSeconds(10)).until(() -> only(SandboxSdx.CORE.id()).status().name().equals("running"));
        SdxJob running = sandbox.job(SandboxSdx.CORE.id(), pending.id()).orElseThrow();
        assertThat(running.startedAt()).isNotNull();
        assertThat(running.completedAt()).isNull();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> sandbox.job(SandboxSdx.CORE.id(), pending.id()).orElseThrow().status().name().equals("completed"));
        SdxJob completed = sandbox.job(SandboxSdx.CORE.id(), pending.id()).orElseThrow();
        assertThat(completed.startedAt()).isNotNull();
        assertThat(completed.completedAt()).isNotNull();
        assertThat(completed.failedAt()).isNull();
    }

    @Test
    void scriptContainingErrorFailsInsteadOfCompleting() throws Exception {
        String id = accepted(
                sandbox.queue(QueueTurn.TAKEN, SandboxSdx.EDGE.id(), job("/ip address print; :error \"boom\"", null)))
                        .receipt().idempotencyKey();

        await().atMost(Duration.ofSeconds(10)).until(() -> only(SandboxSdx.EDGE.id()).status().name().equals("failed"));
        SdxJob failed = sandbox.jobs(SandboxSdx.EDGE.id()).get(0);
        assertThat(failed.idempotencyKey()).isEqualTo(id);
        assertThat(failed.startedAt()).isNotNull();
        assertThat(failed.failedAt()).isNotNull();
        assertThat(failed.completedAt()).isNull();
    }

    @Test
    void jobOnTheOfflineSiteStaysPendingAndCanBeCancelled() throws Exception {
        accepted(sandbox.queue(QueueTurn.TAKEN, SandboxSdx.OFFLINE.id(), job("/system identity print", null)));

        Thread.sleep(STEP.multipliedBy(2).toMillis());
        SdxJob job = only(SandboxSdx.OFFLINE.id());
        assertThat(job.status().name()).isEqualTo("pending");

        assertThat(sandbox.cancel(SandboxSdx.OFFLINE.id(), job.id())).isEqualTo(new CancelOutcome.Cancelled());
        assertThat(sandbox.jobs(SandboxSdx.OFFLINE.id())).isEmpty();
        assertThat(sandbox.job(SandboxSdx.OFFLINE.id(), job.id())).isEmpty();
        assertThat(sandbox.cancel(SandboxSdx.OFFLINE.id(), job.id())).isEqualTo(new CancelOutcome.NotFound());
    }

    @Test
    void cancelledJobNeverRuns() throws Exception {
        accepted(sandbox.queue(QueueTurn.TAKEN, SandboxSdx.BRANCH_1.id(), job("/system identity print", null)));
        SdxJob job = only(SandboxSdx.BRANCH_1.id());

        assertThat(sandbox.cancel(SandboxSdx.BRANCH_1.id(), job.id())).isEqualTo(new CancelOutcome.Cancelled());

        Thread.sleep(STEP.multipliedBy(2).toMillis());
        assertThat(sandbox.jobs(SandboxSdx.BRANCH_1.id())).isEmpty();
    }

    @Test
    void startedJobCannotBeCancelled() throws Exception {
        accepted(sandbox.queue(QueueTurn.TAKEN, SandboxSdx.BRANCH_2.id(), job("/system identity print", null)));
        await().atMost(Duration.ofSeconds(10)).until(() -> only(SandboxSdx.BRANCH_2.id()).startedAt() != null);

        CancelOutcome outcome = sandbox.cancel(SandboxSdx.BRANCH_2.id(), only(SandboxSdx.BRANCH_2.id()).id());

        assertThat(outcome).isInstanceOf(CancelOutcome.AlreadyStarted.class);
        assertThat(((CancelOutcome.AlreadyStarted) outcome).message()).contains("already started");
    }

    @Test
    void unknownJobsAndSitesAreNotFound() throws Exception {
        assertThat(sandbox.cancel(SandboxSdx.CORE.id(), "no-such-job")).isEqualTo(new CancelOutcome.NotFound());
        assertThat(sandbox.cancel("no-such-site", "no-such-job")).isEqualTo(new CancelOutcome.NotFound());
        assertThat(sandbox.job(SandboxSdx.CORE.id(), "no-such-job")).isEmpty();
        assertThatThrownBy(() -> sandbox.jobs("no-such-site")).isInstanceOf(SdxUnavailableException.class)
                .hasMessageContaining("404");
        QueueOutcome refused = sandbox.queue(QueueTurn.TAKEN, "no-such-site", job("/system identity print", null));
        assertThat(refused).isInstanceOf(QueueOutcome.Refused.class);
        assertThat(((QueueOutcome.Refused) refused).httpStatus()).isEqualTo(404);
    }

    @Test
    void withANotifyUrlEachStatusIsPostedAsSdxPostsItsCallbacks() throws Exception {
        QueueOutcome.Accepted outcome = accepted(
                sandbox.queue(QueueTurn.TAKEN, SandboxSdx.CORE.id(), job("/system identity print",
                        notifyUrl())));

        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.size() >= 2);
        assertThat(callbacks).extracting(c -> c.path("status").asText()).containsExactly("running", "completed");
        assertThat(callbackPaths).containsOnly("/sdx/notify/token-123");
        JsonNode completed = callbacks.get(1);
        assertThat(completed.path("idempotency_key").asText()).isEqualTo(outcome.receipt().idempotencyKey());
        assertThat(completed.path("job_id").asText()).isEqualTo(only(SandboxSdx.CORE.id()).id());
        assertThat(completed.path("router_id").asText()).isEqualTo(SandboxSdx.CORE.id());
        assertThat(completed.path("description").asText()).startsWith("SDX-TEST01");
        assertThat(completed.path("needs_acknowledgement").asBoolean()).isTrue();
        assertThat(completed.path("make_backup").asBoolean()).isTrue();
        assertThat(completed.path("started_at").isTextual()).isTrue();
        assertThat(completed.path("completed_at").isTextual()).isTrue();
        assertThat(completed.path("failed_at").isNull()).isTrue();
        assertThat(completed.path("deleted_at").isNull()).isTrue();
        assertThat(completed.has("seq_id")).isTrue();
    }

    @Test
    void failingJobCallsBackFailed() throws Exception {
        accepted(sandbox.queue(QueueTurn.TAKEN, SandboxSdx.CORE.id(), job(":error \"no\"", notifyUrl())));

        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.size() >= 2);
        assertThat(callbacks).extracting(c -> c.path("status").asText()).containsExactly("running", "failed");
        assertThat(callbacks.get(1).path("failed_at").isTextual()).isTrue();
    }

    @Test
    void cancellationCallsBackDeleted() throws Exception {
        accepted(sandbox.queue(QueueTurn.TAKEN, SandboxSdx.OFFLINE.id(), job("/system identity print", notifyUrl())));

        sandbox.cancel(SandboxSdx.OFFLINE.id(), only(SandboxSdx.OFFLINE.id()).id());

        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.size() >= 1);
        assertThat(callbacks).extracting(c -> c.path("status").asText()).containsExactly("deleted");
        assertThat(callbacks.get(0).path("deleted_at").isTextual()).isTrue();
    }

    @Test
    void jobWithoutAcknowledgementIsCompletedAtOnceAndItsFailureIsNotReported() throws Exception {
        sandbox.queue(QueueTurn.TAKEN, SandboxSdx.CORE.id(),
                new JobSubmission("SDX-TEST02", ":error \"unseen\"", new JobOptions(true, false, false), notifyUrl()));

        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.size() >= 1);
        assertThat(callbacks).extracting(c -> c.path("status").asText()).containsExactly("completed");
        assertThat(only(SandboxSdx.CORE.id()).status().name()).isEqualTo("completed");
    }

    @Test
    void stoppedSandboxMovesNoJobOn() throws Exception {
        accepted(sandbox.queue(QueueTurn.TAKEN, SandboxSdx.CORE.id(), job("/system identity print", null)));

        sandbox.stop();

        Thread.sleep(STEP.multipliedBy(2).toMillis());
        assertThat(only(SandboxSdx.CORE.id()).status().name()).isEqualTo("pending");
        assertThat(sandbox.queue(QueueTurn.TAKEN, SandboxSdx.CORE.id(), job("/system identity print", null)))
                .isInstanceOf(QueueOutcome.Accepted.class);
    }
}
