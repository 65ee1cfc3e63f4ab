package sdx.chatops.approval;

import java.util.Objects;
import java.util.stream.Stream;

/**
 * Where a button click came from, as Slack reports it. A decision counts only when the click comes
 * from the request's own approval message: the same channel and message ts (every place Slack states
 * them must agree) and, where Slack names a team, the request's workspace or its Enterprise Grid
 * organisation. On Grid {@code user.team_id} may be the organisation's id and a shared channel may
 * be clicked from a sibling workspace, so the organisation counts as a match; de-duplication never
 * keys on the team (see {@code shared/slack-platform.md}). The same rule holds for every button.
 *
 * @param teamId {@code team.id}, may be null
 * @param userTeamId {@code user.team_id}, may be null
 * @param enterpriseId {@code enterprise.id}, null outside Grid
 * @param channelId {@code channel.id}
 * @param containerChannelId {@code container.channel_id}
 * @param messageTs {@code message.ts}
 * @param containerMessageTs {@code container.message_ts}
 * @param homeTab the click came from the clicker's App Home ({@code container.type} view, {@code view.type} home)
 */
public record ClickOrigin(String teamId, String userTeamId, String enterpriseId, String channelId,
        String containerChannelId, String messageTs, String containerMessageTs, boolean homeTab) {

    /** A click on a message. */
    public ClickOrigin(String teamId, String userTeamId, String enterpriseId, String channelId, String containerChannelId,
            String messageTs, String containerMessageTs) {
        this(teamId, userTeamId, enterpriseId, channelId, containerChannelId, messageTs, containerMessageTs, false);
    }

    /**
     * Whether this click may decide {@code request}: on its approval message, or on the clicker's own
     * Home tab (which Slack shows to that user only), in the request's workspace or organisation.
     */
    public boolean allows(ChangeRequest request) {
        return homeTab ? sameOrganisation(request) : isOnApprovalMessageOf(request);
    }

    /** Whether the click was made on {@code request}'s approval message. */
    public boolean isOnApprovalMessageOf(ChangeRequest request) {
        return request.approvalTs() != null
                && allAgree(request.approvalChannelId(), channelId, containerChannelId)
                && allAgree(request.approvalTs(), messageTs, containerMessageTs)
                && sameOrganisation(request);
    }

    /**
     * Whether the click may be on {@code request}'s approval message, posted but not yet recorded: the
     * request has no approval ts, and the click names a message in its approval channel, in its workspace.
     */
    public boolean mayBeOnUnrecordedApprovalMessageOf(ChangeRequest request) {
        return !homeTab && request.approvalTs() == null
                && allAgree(request.approvalChannelId(), channelId, containerChannelId)
                && (messageTs != null || containerMessageTs != null) && sameOrganisation(request);
    }

    /** At least one value given, and every given value equal to {@code expected}. */
    private static boolean allAgree(String expected, String... given) {
        long present = Stream.of(given).filter(Objects::nonNull).count();
        return present > 0 && Stream.of(given).filter(Objects::nonNull).allMatch(expected::equals);
    }

    private boolean sameOrganisation(ChangeRequest request) {
        if (request.enterpriseId() != null && request.enterpriseId().equals(enterpriseId)) {
            return true;
        }
        return Stream.of(teamId, userTeamId).filter(Objects::nonNull)
                .allMatch(team -> team.equals(request.teamId()) || team.equals(request.enterpriseId()));
    }
}
