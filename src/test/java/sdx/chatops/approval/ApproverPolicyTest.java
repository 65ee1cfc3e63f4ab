package sdx.chatops.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import sdx.chatops.approval.ApproverPolicy.Verdict;

class ApproverPolicyTest {

    private static final String REQUESTER = "UREQUESTER";

    /** Group membership from a map; groups not in the map cannot be read. */
    private static final class FakeGroups implements GroupMembership {
        private final Map<String, Set<String>> groups;
        final List<String> asked = new ArrayList<>();

        FakeGroups(Map<String, Set<String>> groups) {
            this.groups = groups;
        }

        @Override
        public Set<String> members(String groupId) throws UnavailableException {
            asked.add(groupId);
            Set<String> members = groups.get(groupId);
            if (members == null) {
                throw new UnavailableException("usergroups.users.list failed for " + groupId);
            }
            return members;
        }
    }

    private static final FakeGroups NO_GROUPS = new FakeGroups(Map.of());

    @Test
    void listedUserIsAllowed() {
        ApproverPolicy policy = new ApproverPolicy(List.of("UAPPROVER1", "W0ENTERPRISE"), NO_GROUPS);
        assertThat(policy.mayDecide("UAPPROVER1", REQUESTER)).isEqualTo(Verdict.ALLOWED);
        assertThat(policy.mayDecide("W0ENTERPRISE", REQUESTER)).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void requesterIsNeverAllowedEvenWhenListed() {
        ApproverPolicy policy = new ApproverPolicy(List.of(REQUESTER, "UAPPROVER1"), NO_GROUPS);
        assertThat(policy.mayDecide(REQUESTER, REQUESTER)).isEqualTo(Verdict.SELF_APPROVAL);
    }

    @Test
    void requesterInAnApproverGroupIsStillRefused() {
        FakeGroups groups = new FakeGroups(Map.of("SNETLEADS", Set.of(REQUESTER)));
        ApproverPolicy policy = new ApproverPolicy(List.of("SNETLEADS"), groups);
        assertThat(policy.mayDecide(REQUESTER, REQUESTER)).isEqualTo(Verdict.SELF_APPROVAL);
    }

    @Test
    void unlistedUserIsNotAnApprover() {
        ApproverPolicy policy = new ApproverPolicy(List.of("UAPPROVER1"), NO_GROUPS);
        assertThat(policy.mayDecide("USOMEONE", REQUESTER)).isEqualTo(Verdict.NOT_AN_APPROVER);
    }

    @Test
    void emptyListFailsClosed() {
        assertThat(new ApproverPolicy(List.of(), NO_GROUPS).mayDecide("UAPPROVER1", REQUESTER))
                .isEqualTo(Verdict.NO_APPROVERS_CONFIGURED);
    }

    @Test
    void listOfBlanksFailsClosed() {
        assertThat(new ApproverPolicy(List.of(" ", "", "\t"), NO_GROUPS).mayDecide("UAPPROVER1", REQUESTER))
                .isEqualTo(Verdict.NO_APPROVERS_CONFIGURED);
    }

    @Test
    void groupMemberIsAllowed() {
        FakeGroups groups = new FakeGroups(Map.of("SNETLEADS", Set.of("UBOB", "UCAROL")));
        ApproverPolicy policy = new ApproverPolicy(List.of("UAPPROVER1", "SNETLEADS"), groups);
        assertThat(policy.mayDecide("UCAROL", REQUESTER)).isEqualTo(Verdict.ALLOWED);
        assertThat(groups.asked).containsExactly("SNETLEADS");
    }

    @Test
    void userInNoApproverGroupIsNotAnApprover() {
        FakeGroups groups = new FakeGroups(Map.of("SNETLEADS", Set.of("UBOB")));
        ApproverPolicy policy = new ApproverPolicy(List.of("SNETLEADS"), groups);
        assertThat(policy.mayDecide("UMALLORY", REQUESTER)).isEqualTo(Verdict.NOT_AN_APPROVER);
    }

    @Test
    void failedGroupLookupMakesMembershipUnknown() {
        ApproverPolicy policy = new ApproverPolicy(List.of("UAPPROVER1", "SUNREADABLE"), NO_GROUPS);
        assertThat(policy.mayDecide("UBOB", REQUESTER)).isEqualTo(Verdict.MEMBERSHIP_UNKNOWN);
    }

    @Test
    void directlyListedUserIsAllowedWhileGroupLookupFails() {
        FakeGroups groups = new FakeGroups(Map.of());
        ApproverPolicy policy = new ApproverPolicy(List.of("SUNREADABLE", "UAPPROVER1"), groups);
        assertThat(policy.mayDecide("UAPPROVER1", REQUESTER)).isEqualTo(Verdict.ALLOWED);
        assertThat(groups.asked).isEmpty();
    }

    @Test
    void memberOfAReadableGroupIsAllowedWhileAnotherGroupLookupFails() {
        FakeGroups groups = new FakeGroups(Map.of("SNETLEADS", Set.of("UBOB")));
        ApproverPolicy policy = new ApproverPolicy(List.of("SUNREADABLE", "SNETLEADS"), groups);
        assertThat(policy.mayDecide("UBOB", REQUESTER)).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void whitespaceAroundListEntriesIsTrimmed() {
        FakeGroups groups = new FakeGroups(Map.of("SNETLEADS", Set.of("UBOB")));
        ApproverPolicy policy = new ApproverPolicy(List.of("  UAPPROVER1 ", "\tSNETLEADS  "), groups);
        assertThat(policy.mayDecide("UAPPROVER1", REQUESTER)).isEqualTo(Verdict.ALLOWED);
        assertThat(policy.mayDecide("UBOB", REQUESTER)).isEqualTo(Verdict.ALLOWED);
        assertThat(groups.asked).containsExactly("SNETLEADS");
    }
}
