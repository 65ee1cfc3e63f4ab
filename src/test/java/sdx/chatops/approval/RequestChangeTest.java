package sdx.chatops.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import sdx.chatops.testing.TestConfig;
import sdx.chatops.testing.UnusedRequestStore;

/** Creating a request: codes that clash are drawn again; the first event and notice come with it. */
class RequestChangeTest {

    private static final Site CORE = new Site("9c69345c-8d39-4786-9f17-8153c988c89a", "core-rtr-01", true);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-04-20T03:14:15Z"), ZoneOffset.UTC);

    /** Codes handed out in the order given. */
    private static final class FixedCodes extends RequestCodes {
        private final Deque<String> codes;

        FixedCodes(String... codes) {
            this.codes = new ArrayDeque<>(List.of(codes));
        }

        @Override
        public String next() {
            return codes.removeFirst();
        }
    }

    /** Stores requests in memory and refuses a code it already holds, like the store's unique index. */
    private static final class CodeCheckingStore extends UnusedRequestStore {
        final Set<String> codes = new HashSet<>();
        final List<ChangeRequest> created = new ArrayList<>();
        final List<Transition> transitions = new ArrayList<>();

        @Override
        public boolean create(ChangeRequest request, Transition first) {
            if (!codes.add(request.code())) {
                return false;
            }
            created.add(request);
            transitions.add(first);
            return true;
        }
    }

    /** The policy without a file: any channel, any site, one approval from UAPPROVER1; no freezes. */
    private static ChangePolicy policy() {
        PolicyRule rule = new PolicyRule("default", Set.of(PolicyRule.ANY_CHANNEL), List.of(SitePattern.of("*")),
                Audience.nobody(), Audience.of(List.of("UAPPROVER1")), 1, null, null, false, false, List.of(), List.of());
        Policy policy = new Policy(Audience.nobody(), List.of(rule), "test");
        return new ChangePolicy(() -> policy, group -> Set.of(), new NoFreezes(), CLOCK);
    }

    private static final class NoFreezes implements FreezeStore {
        @Override
        public Freeze create(SitePattern sites, String reason, String createdBy, Instant createdAt, Instant endsAt) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Freeze> active(Instant now) {
            return List.of();
        }

        @Override
        public Optional<Freeze> lift(long id, String liftedBy, Instant now) {
            return Optional.empty();
        }

        @Override
        public List<Freeze> liftAll(String liftedBy, Instant now) {
            return List.of();
        }
    }

    private static SiteDirectory sites() {
        return new SiteDirectory(new SdxJobs() {
            @Override
            public List<Site> sites() {
                return List.of(CORE);
            }

            @Override
            public QueueTurn awaitTurnToQueue() {
                throw new UnsupportedOperationException();
            }

            @Override
            public QueueOutcome queue(QueueTurn turn, String siteId, JobSubmission job) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<SdxJob> jobs(String siteId) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Optional<SdxJob> job(String siteId, String jobId) {
                throw new UnsupportedOperationException();
            }

            @Override
            public CancelOutcome cancel(String siteId, String jobId) {
                throw new UnsupportedOperationException();
            }
        });
    }

    private static RequestChange.Ask ask() {
        return new RequestChange.Ask("T0NET", null, "C0NETOPS", "netops", "UREQUESTER", "alice", "core-rtr-01",
                "/system identity print", "https://hooks.slack.com/commands/x");
    }

    @Test
    void clashingCodeIsDrawnAgainAndTheRequestIsCreatedOnce() {
        CodeCheckingStore store = new CodeCheckingStore();
        store.codes.add("SDX-AAAAAA");
        RequestChange change = new RequestChange(sites(), store, policy(),
                new FixedCodes("SDX-AAAAAA", "SDX-AAAAAA", "SDX-BBBBBB"),
                TestConfig.chatops(), CLOCK);

        RequestChange.Result result = change.request(ask());

        assertThat(result).isInstanceOf(RequestChange.Result.Created.class);
        assertThat(((RequestChange.Result.Created) result).request().code()).isEqualTo("SDX-BBBBBB");
        assertThat(store.created).hasSize(1);
    }

    @Test
    void codesThatKeepClashingFailLoudlyInsteadOfLooping() {
        CodeCheckingStore store = new CodeCheckingStore();
        store.codes.add("SDX-AAAAAA");
        String[] always = new String[RequestChange.CODE_ATTEMPTS];
        java.util.Arrays.fill(always, "SDX-AAAAAA");
        RequestChange change = new RequestChange(sites(), store, policy(), new FixedCodes(always), TestConfig.chatops(), CLOCK);

        assertThatThrownBy(() -> change.request(ask())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no free request code");
        assertThat(store.created).isEmpty();
    }

    @Test
    void newRequestIsPendingWithItsCreatedEventAndTheApprovalMessage() {
        CodeCheckingStore store = new CodeCheckingStore();
        new RequestChange(sites(), store, policy(), new FixedCodes("SDX-CCCCCC"), TestConfig.chatops(), CLOCK).request(ask());

        ChangeRequest request = store.created.get(0);
        assertThat(request.state()).isEqualTo(RequestState.PENDING);
        assertThat(request.site()).isEqualTo(CORE);
        assertThat(request.options()).isEqualTo(new JobOptions(true, false, true));
        Transition first = store.transitions.get(0);
        assertThat(first.kind()).isEqualTo(EventKind.CREATED);
        assertThat(first.actor()).isEqualTo("UREQUESTER");
        assertThat(first.notices()).containsExactly(new Notice.ApprovalMessage());
        assertThat(first.details()).containsEntry("channel", "C0NETOPS").containsEntry("script_length", 22);
    }

    @Test
    void scriptWithPreflightErrorsIsRefusedWithWhereAndNothingIsStored() {
        CodeCheckingStore store = new CodeCheckingStore();
        RequestChange change = new RequestChange(sites(), store, policy(), new FixedCodes("SDX-DDDDDD"), TestConfig.chatops(),
                CLOCK);

        RequestChange.Result result = change.request(ask(":put [/ip route get 0\n/sytem reboot"));

        assertThat(result).isInstanceOf(RequestChange.Result.PreflightFailed.class);
        RequestChange.Result.PreflightFailed failed = (RequestChange.Result.PreflightFailed) result;
        assertThat(failed.errors()).extracting(e -> e.line() + ":" + e.column()).containsExactly("1:6", "2:1");
        assertThat(failed.total()).isEqualTo(2);
        assertThat(store.created).isEmpty();
    }

    @Test
    void preflightRisksFollowThePolicyWarningsOnTheRequest() {
        PolicyRule rule = new PolicyRule("default", Set.of(PolicyRule.ANY_CHANNEL), List.of(SitePattern.of("*")),
                Audience.nobody(), Audience.of(List.of("UAPPROVER1")), 1, null, null, false, false, List.of(),
                List.of(new ScriptRule(java.util.regex.Pattern.compile("reboot"), "reboots need a window")));
        Policy policy = new Policy(Audience.nobody(), List.of(rule), "test");
        CodeCheckingStore store = new CodeCheckingStore();
        new RequestChange(sites(), store, new ChangePolicy(() -> policy, group -> Set.of(), new NoFreezes(), CLOCK),
                new FixedCodes("SDX-EEEEEE"), TestConfig.chatops(), CLOCK)
                        .request(ask("/interface disable ether1\n/system reboot"));

        ChangeRequest request = store.created.get(0);
        assertThat(request.warnings()).containsExactly("reboots need a window",
                "Pre-flight: `/interface disable` of a management interface ether1 (line 1): may cut management access",
                "Pre-flight: `/system reboot` (line 2): restarts the router; it is out of reach until it is back up");
        assertThat(store.transitions.get(0).details()).containsEntry("warnings", 1).containsEntry("preflight_risks", 2);
    }

    @Test
    void managementInterfacesComeFromTheConfiguration() {
        CodeCheckingStore store = new CodeCheckingStore();
        new RequestChange(sites(), store, policy(), new FixedCodes("SDX-FFFFFF"),
                TestConfig.chatops(java.util.Map.of("chatops.preflight.management-interfaces", "bridge-oob,ether8")), CLOCK)
                        .request(ask("/interface disable ether8\n/interface disable ether1"));

        assertThat(store.created.get(0).warnings()).singleElement().asString()
                .startsWith("Pre-flight: `/interface disable` of a management interface ether8 (line 1)");
    }

    private static RequestChange.Ask ask(String script) {
        return new RequestChange.Ask("T0NET", null, "C0NETOPS", "netops", "UREQUESTER", "alice", "core-rtr-01", script,
                "https://hooks.slack.com/commands/x");
    }
}
