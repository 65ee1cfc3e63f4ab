package sdx.chatops.approval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import sdx.chatops.testing.ChangeRequests;

class SubmitJobTest {

    @Test
    void descriptionNamesCodeUserAndChannel() {
        assertThat(SubmitJob.description(ChangeRequests.pending().build()))
                .isEqualTo("SDX-7F3K2Q via Slack: alice in #net-ops");
    }

    @Test
    void descriptionFallsBackToIdsWithoutNames() {
        ChangeRequests r = ChangeRequests.pending();
        r.requesterName = null;
        r.channelName = null;
        assertThat(SubmitJob.description(r.build())).isEqualTo("SDX-7F3K2Q via Slack: UREQUESTER in C0NETOPS");
        r.requesterName = " ";
        r.channelName = "";
        assertThat(SubmitJob.description(r.build())).isEqualTo("SDX-7F3K2Q via Slack: UREQUESTER in C0NETOPS");
    }

    @Test
    void longNamesAreCutToOneHundredCharactersKeepingTheCodeFirst() {
        ChangeRequests r = ChangeRequests.pending();
        r.requesterName = "a".repeat(120);
        r.channelName = "c".repeat(80);
        String description = SubmitJob.description(r.build());
        assertThat(description).hasSize(100).startsWith("SDX-7F3K2Q via Slack: aaaa");
        assertThat(description).isEqualTo(("SDX-7F3K2Q via Slack: " + "a".repeat(120)).substring(0, 100));
    }

    @Test
    void descriptionOfExactlyOneHundredCharactersIsKept() {
        ChangeRequests r = ChangeRequests.pending();
        String prefix = "SDX-7F3K2Q via Slack: alice in #";
        r.channelName = "x".repeat(100 - prefix.length());
        assertThat(SubmitJob.description(r.build())).isEqualTo(prefix + r.channelName).hasSize(100);
    }

    @Test
    void descriptionIsNotCutInsideASurrogatePair() {
        ChangeRequests r = ChangeRequests.pending();
        r.requesterName = "a".repeat(77) + "𝔫𝔢𝔱"; // the 100th UTF-16 unit is the high half of 𝔫
        String description = SubmitJob.description(r.build());
        assertThat(description.length()).isLessThanOrEqualTo(100);
        assertThat(Character.isHighSurrogate(description.charAt(description.length() - 1))).isFalse();
    }
}
