package sdx.chatops.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import sdx.chatops.testing.FakeSlack;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.Flow;
import sdx.chatops.testing.SdxCallbacks;
import sdx.chatops.testing.SdxStubs;
import sdx.chatops.testing.ShortTimers;

/** After a job ends, the thread links the backup SDX took before it and the job's log, when SDX has them. */
@QuarkusTest
@TestProfile(ShortTimers.class)
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
class JobArtifactsFlowTest {

    private static final String JOB_ID = "00000000-0000-0000-0000-000000000001";
    private final Flow flow = new Flow();

    @BeforeEach
    void fakes() {
        Fakes.sdx().resetAll();
        SdxStubs.sites(Fakes.sdx());
        SdxStubs.accepts(Fakes.sdx(), SdxStubs.CORE_ID, "req-art", "idem-art");
    }

    private FakeSlack.Message completed(String jobJson) {
        Fakes.sdx().stubFor(get(urlEqualTo("/site/" + SdxStubs.CORE_ID + "/job/" + JOB_ID)).willReturn(okJson(jobJson)));
        flow.queue("core-rtr-01", "/ip address print").then().statusCode(200);
        FakeSlack.Message approval = flow.awaitApprovalMessage();
        flow.approve(Fakes.APPROVER, approval).then().statusCode(200);
        flow.awaitThread(approval, 1);
        SdxCallbacks.send(SdxCallbacks.token(Fakes.sdx(), SdxStubs.CORE_ID), "completed").then().statusCode(200);
        return approval;
    }

    @Test
    void completedJobLinksItsBackupAndLog() {
        FakeSlack.Message approval = completed("{\"id\":\"" + JOB_ID + "\",\"idempotency_key\":\"idem-art\","
                + "\"started_at\":\"2026-04-20T03:15:00+00:00\",\"completed_at\":\"2026-04-20T03:15:09+00:00\","
                + "\"associated_backup\":\"https://sdx.example/backups/b-42\",\"log_url\":\"https://sdx.example/jobs/j-1/log\"}");
        List<String> thread = flow.awaitThread(approval, 3);
        assertThat(thread.get(2)).contains("*From SDX about the job*")
                .contains("• Backup taken before it: <https://sdx.example/backups/b-42|the backup>")
                .contains("• Job log: <https://sdx.example/jobs/j-1/log|open the log>");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> flow.thread(approval).size() == 3);
    }

    @Test
    void linksFromSdxThatAreNotPlainUrlsAreShownAsTextOnly() {
        FakeSlack.Message approval = completed("{\"id\":\"" + JOB_ID + "\",\"completed_at\":\"2026-04-20T03:15:09+00:00\","
                + "\"associated_backup\":{\"id\":\"b-<!channel>\"},\"log_url\":\"https://x.example/a|<!here>\"}");
        String artifacts = flow.awaitThread(approval, 3).get(2);
        assertThat(artifacts).contains("`b-&lt;!channel&gt;`").contains("`https://x.example/a|&lt;!here&gt;`")
                .doesNotContain("<!channel>", "<!here>");
    }

    @Test
    void withoutBackupOrLogNothingMoreIsPosted() throws Exception {
        FakeSlack.Message approval = completed("{\"id\":\"" + JOB_ID + "\",\"completed_at\":\"2026-04-20T03:15:09+00:00\"}");
        flow.awaitThread(approval, 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> !Fakes.sdx().findAll(
                com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlEqualTo("/site/" + SdxStubs.CORE_ID + "/job/"
                        + JOB_ID)))
                .isEmpty());
        Thread.sleep(1_500);
        assertThat(flow.thread(approval)).hasSize(2);
    }
}
