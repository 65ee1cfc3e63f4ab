package sdx.chatops.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import sdx.chatops.testing.FakeSlack;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.Flow;
import sdx.chatops.testing.SdxStubs;

/**
 * A burst in one channel: Slack allows about one post per second per channel, so the bot paces
 * itself instead of being throttled, and every message of the burst arrives.
 */
@QuarkusTest
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
class SlackBurstFlowTest {

    /** Two posts each (approval message, receipt) at one per second: about 32 s. */
    private static final int REQUESTS = 16;
    private static final Pattern CODE = Pattern.compile("SDX-[0-9A-Z]{6}");

    @BeforeEach
    void fakes() {
        Fakes.sdx().resetAll();
        Fakes.slack().clearFaults();
        SdxStubs.sites(Fakes.sdx());
        SdxStubs.accepts(Fakes.sdx(), SdxStubs.CORE_ID, "req-burst", "idem-burst");
    }

    @Test
    void slowSlackAnswerInOneChannelHoldsUpNoOtherChannel() {
        Flow slow = new Flow();
        Fakes.slack().slowIn(slow.channel, "chat.postMessage", 1, Duration.ofSeconds(8));
        slow.queue("core-rtr-01", "/log info message=slow").then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> !Fakes.slack().channel(slow.channel).isEmpty());
        Instant stuckSince = Instant.now();
        List<Flow> others = List.of(new Flow(), new Flow(), new Flow());
        for (Flow other : others) {
            other.queue("core-rtr-01", "/log info message=other").then().statusCode(200);
        }
        // Serial delivery would post them only after Slack answered the slow call, 8 s on.
        await().atMost(Duration.ofSeconds(5))
                .until(() -> others.stream().allMatch(o -> !Fakes.slack().channel(o.channel).isEmpty()));
        assertThat(Duration.between(stuckSince, Instant.now())).isLessThan(Duration.ofSeconds(8));
        assertThat(slow.awaitApprovalMessage()).isNotNull();
    }

    @Test
    void burstOfApprovedRequestsInOneChannelIsDeliveredInFullAtOnePostPerSecond() {
        Flow flow = new Flow();
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < REQUESTS; i++) {
            String ack = flow.queue("core-rtr-01", "/log info message=burst-" + i).then().statusCode(200).extract()
                    .jsonPath().getString("text");
            assertThat(ack).contains("sent for approval");
            Matcher code = CODE.matcher(ack);
            assertThat(code.find()).isTrue();
            codes.add(code.group());
        }
        assertThat(codes).hasSize(REQUESTS);

        // Approve each request as soon as its message appears, as approvers in the channel would.
        Set<String> approved = new HashSet<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (FakeSlack.Message message : Fakes.slack().channel(flow.channel)) {
                if (approved.add(message.ts)) {
                    Flow.awaitRecorded(message);
                    flow.approve(Fakes.APPROVER, message).then().statusCode(200);
                }
            }
            return approved.size() >= REQUESTS;
        });

        List<FakeSlack.Message> approvals = Fakes.slack().channel(flow.channel);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> approvals.stream().allMatch(a -> !flow.thread(a).isEmpty()));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> Fakes.slack().channel(flow.channel).size() == REQUESTS
                        && approvals.stream().allMatch(a -> flow.thread(a).size() == 1));

        assertThat(approvals.stream().map(Flow::code).toList()).containsExactlyInAnyOrderElementsOf(codes);
        for (FakeSlack.Message approval : approvals) {
            assertThat(flow.thread(approval)).singleElement().asString().startsWith(":inbox_tray: *Queued in SDX*")
                    .contains("(" + Flow.code(approval) + ")");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(approvals)
                .allSatisfy(a -> assertThat(Flow.visibleText(a)).contains("Approved by <@" + Fakes.APPROVER + ">")
                        .contains("Queued in SDX")));
        assertThat(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.CORE_ID)).hasSize(REQUESTS)
                .extracting(call -> Flow.tree(call.getBodyAsString()).path("description").asText().substring(0, 10))
                .containsExactlyInAnyOrderElementsOf(codes);
        // Every post, whatever its kind, was accepted at the first try: the pace kept Slack from throttling.
        assertThat(Fakes.slack().calls("chat.postMessage", flow.channel)).hasSize(2 * REQUESTS);

        List<Instant> posted = new ArrayList<>(Fakes.slack().allMessages().stream()
                .filter(m -> m.channel.equals(flow.channel)).map(m -> m.postedAt).toList());
        posted.sort(Comparator.naturalOrder());
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < posted.size(); i++) {
            gaps.add(Duration.between(posted.get(i - 1), posted.get(i)).toMillis());
        }
        double average = Duration.between(posted.get(0), posted.get(posted.size() - 1)).toMillis() / (double) gaps.size();
        assertThat(average).as("average ms between posts to one channel, gaps %s", gaps).isGreaterThanOrEqualTo(980);
        // The pace is kept where a post's slot is taken, before the call: a post that spent longer on
        // its way arrives next to the following one (seen in CI: 2582 ms, then 2 ms). Two posts in one
        // slot would make three posts within about a second; any three span two slots.
        List<Long> spans = new ArrayList<>();
        for (int i = 1; i < gaps.size(); i++) {
            spans.add(gaps.get(i - 1) + gaps.get(i));
        }
        assertThat(spans).as("ms spanned by three consecutive posts to one channel, gaps %s", gaps)
                .allSatisfy(span -> assertThat(span).isGreaterThan(1_500L));
    }
}
