package sdx.chatops.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/** SDX's documented answers, served by WireMock. */
public final class SdxStubs {

    public static final String CORE_ID = "9c69345c-8d39-4786-9f17-8153c988c89a";
    public static final String EDGE_ID = "1b0e0a52-3f4e-4c2a-9d7e-2f5c8e1a0b11";
    public static final String BRANCH_A_ID = "2c1f1b63-4a5f-4d3b-8e8f-3a6d9f2b1c22";
    public static final String BRANCH_B_ID = "3d2a2c74-5b6a-4e4c-9f9a-4b7eaa3c2d33";
    public static final String OFFLINE_ID = "4e3b3d85-6c7b-4f5d-8aab-5c8fbb4d3e44";
    /** Sites for policy tests, covered by their own rules there and by nothing special elsewhere. */
    public static final String LAB_ID = "5f4c4e96-7d8c-4a6e-9bbc-6d9acc5e4f55";
    public static final String FREEZE_LAB_ID = "6a5d5fa7-8e9d-4b7f-8ccd-7eabdd6f5a66";

    private SdxStubs() {
    }

    public static void sites(WireMockServer sdx) {
        sdx.stubFor(get(urlEqualTo("/site-minimal")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("[" + site(CORE_ID, "core-rtr-01", true) + "," + site(EDGE_ID, "Edge Router", true) + ","
                        + site(BRANCH_A_ID, "branch", true) + "," + site(BRANCH_B_ID, "branch", true) + ","
                        + site(OFFLINE_ID, "offline-rtr", false) + "," + site(LAB_ID, "lab-rtr-01", true) + ","
                        + site(FREEZE_LAB_ID, "freeze-lab-01", true) + "]")));
    }

    private static String site(String id, String name, boolean pulse) {
        return "{\"id\":\"" + id + "\",\"pid\":\"p-" + id.substring(0, 8) + "\",\"name\":\"" + name + "\",\"has_pulse\":"
                + pulse
                + ",\"software_version\":\"7.16.2\",\"software_id\":\"ABCD-1234\",\"serial_number\":\"HD0000000\","
                + "\"created_at\":\"2025-01-01T00:00:00+00:00\"}";
    }

    /** SDX accepts a job for the site and answers with its receipt. */
    public static void accepts(WireMockServer sdx, String siteId, String requestId, String idempotencyKey) {
        sdx.stubFor(post(urlEqualTo("/api/asynchronous/" + siteId)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"status\":\"success\",\"data\":{\"idempotency_key\":\"" + idempotencyKey + "\",\"request_id\":\""
                        + requestId + "\",\"target\":\"" + siteId + "\",\"notify_url\":\"https://example.com/x\","
                        + "\"date\":\"2026-04-20T03:14:15+00:00\"}}")));
    }

    public static List<LoggedRequest> queueCalls(WireMockServer sdx, String siteId) {
        return sdx.findAll(postRequestedFor(urlPathEqualTo("/api/asynchronous/" + siteId)));
    }
}
