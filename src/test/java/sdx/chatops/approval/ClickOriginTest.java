package sdx.chatops.approval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import sdx.chatops.testing.ChangeRequests;

/** A click counts only on the request's own approval message, in its own workspace or organisation. */
class ClickOriginTest {

    private static final String TS = ChangeRequests.pending().approvalTs;
    private static final String CHANNEL = ChangeRequests.pending().channelId;
    private static final String TEAM = ChangeRequests.pending().teamId;

    private static ChangeRequest request() {
        return ChangeRequests.pending().build();
    }

    private static ChangeRequest gridRequest() {
        ChangeRequests r = ChangeRequests.pending();
        r.enterpriseId = "E0ORG";
        return r.build();
    }

    private static ClickOrigin click(String team, String userTeam, String enterprise, String channel, String container,
            String ts, String containerTs) {
        return new ClickOrigin(team, userTeam, enterprise, channel, container, ts, containerTs);
    }

    @Test
    void clickOnTheApprovalMessageCounts() {
        assertThat(click(TEAM, TEAM, null, CHANNEL, CHANNEL, TS, TS).isOnApprovalMessageOf(request())).isTrue();
    }

    @Test
    void clickWithOnlyTheContainerOrOnlyTheMessageFieldsCounts() {
        assertThat(click(TEAM, null, null, null, CHANNEL, null, TS).isOnApprovalMessageOf(request())).isTrue();
        assertThat(click(null, null, null, CHANNEL, null, TS, null).isOnApprovalMessageOf(request())).isTrue();
    }

    @Test
    void clickInAnotherChannelDoesNotCount() {
        assertThat(click(TEAM, TEAM, null, "C0OTHER", "C0OTHER", TS, TS).isOnApprovalMessageOf(request())).isFalse();
    }

    @Test
    void channelAndContainerThatDisagreeDoNotCount() {
        assertThat(click(TEAM, TEAM, null, CHANNEL, "C0OTHER", TS, TS).isOnApprovalMessageOf(request())).isFalse();
        assertThat(click(TEAM, TEAM, null, "C0OTHER", CHANNEL, TS, TS).isOnApprovalMessageOf(request())).isFalse();
    }

    @Test
    void clickOnAnotherMessageDoesNotCount() {
        assertThat(click(TEAM, TEAM, null, CHANNEL, CHANNEL, "1.000001", "1.000001").isOnApprovalMessageOf(request()))
                .isFalse();
        assertThat(click(TEAM, TEAM, null, CHANNEL, CHANNEL, TS, "1.000001").isOnApprovalMessageOf(request())).isFalse();
    }

    @Test
    void clickWithoutChannelOrMessageDoesNotCount() {
        assertThat(click(TEAM, TEAM, null, null, null, TS, TS).isOnApprovalMessageOf(request())).isFalse();
        assertThat(click(TEAM, TEAM, null, CHANNEL, CHANNEL, null, null).isOnApprovalMessageOf(request())).isFalse();
    }

    @Test
    void requestWhoseApprovalMessageWasNeverPostedTakesNoClick() {
        ChangeRequests unposted = ChangeRequests.pending();
        unposted.approvalTs = null;
        assertThat(click(TEAM, TEAM, null, CHANNEL, CHANNEL, TS, TS).isOnApprovalMessageOf(unposted.build())).isFalse();
    }

    @Test
    void clickFromAnotherWorkspaceDoesNotCount() {
        assertThat(click("T0OTHER", TEAM, null, CHANNEL, CHANNEL, TS, TS).isOnApprovalMessageOf(request())).isFalse();
        assertThat(click(TEAM, "T0OTHER", null, CHANNEL, CHANNEL, TS, TS).isOnApprovalMessageOf(request())).isFalse();
    }

    @Test
    void clickWithoutTeamsCountsWhenTheMessageMatches() {
        assertThat(click(null, null, null, CHANNEL, CHANNEL, TS, TS).isOnApprovalMessageOf(request())).isTrue();
    }

    @Test
    void onGridTheUsersTeamMayBeTheOrganisation() {
        assertThat(click(TEAM, "E0ORG", "E0ORG", CHANNEL, CHANNEL, TS, TS).isOnApprovalMessageOf(gridRequest())).isTrue();
    }

    @Test
    void onGridASiblingWorkspaceOfTheSameOrganisationCounts() {
        assertThat(click("T0SIBLING", "T0SIBLING", "E0ORG", CHANNEL, CHANNEL, TS, TS).isOnApprovalMessageOf(gridRequest()))
                .isTrue();
    }

    @Test
    void anotherOrganisationDoesNotCount() {
        assertThat(click("T0SIBLING", "T0SIBLING", "E0OTHER", CHANNEL, CHANNEL, TS, TS)
                .isOnApprovalMessageOf(gridRequest())).isFalse();
        assertThat(click("T0SIBLING", "E0ORG", null, CHANNEL, CHANNEL, TS, TS).isOnApprovalMessageOf(request())).isFalse();
    }

    private static ChangeRequest unposted() {
        ChangeRequests r = ChangeRequests.pending();
        r.approvalTs = null;
        return r.build();
    }

    @Test
    void clickInTheApprovalChannelBeforeTheTsIsRecordedMayBeOnTheApprovalMessageButDoesNotCountYet() {
        ClickOrigin click = click(TEAM, TEAM, null, CHANNEL, CHANNEL, TS, TS);
        assertThat(click.mayBeOnUnrecordedApprovalMessageOf(unposted())).isTrue();
        assertThat(click.isOnApprovalMessageOf(unposted())).isFalse();
        assertThat(click.mayBeOnUnrecordedApprovalMessageOf(request())).as("recorded: judged at once").isFalse();
    }

    @Test
    void clickElsewhereIsNotWaitedForWhileTheTsIsUnrecorded() {
        assertThat(click(TEAM, TEAM, null, "C0OTHER", "C0OTHER", TS, TS).mayBeOnUnrecordedApprovalMessageOf(unposted()))
                .isFalse();
        assertThat(click("T0OTHER", "T0OTHER", null, CHANNEL, CHANNEL, TS, TS).mayBeOnUnrecordedApprovalMessageOf(unposted()))
                .isFalse();
        assertThat(click(TEAM, TEAM, null, CHANNEL, CHANNEL, null, null).mayBeOnUnrecordedApprovalMessageOf(unposted()))
                .as("no message named").isFalse();
        assertThat(new ClickOrigin(TEAM, TEAM, null, null, null, null, null, true)
                .mayBeOnUnrecordedApprovalMessageOf(unposted())).as("the Home tab").isFalse();
    }
}
