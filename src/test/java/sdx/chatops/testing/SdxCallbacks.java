package sdx.chatops.testing;

import static io.restassured.RestAssured.given;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.restassured.response.Response;

/** What SDX sends back: job-status callbacks to the notify URL the bot gave it. */
public final class SdxCallbacks {

    private SdxCallbacks() {
    }

    /** The callback token of the first job the bot queued on the site. */
    public static String token(WireMockServer sdx, String siteId) {
        String url = Flow.tree(SdxStubs.queueCalls(sdx, siteId).get(0).getBodyAsString()).path("notify_url").asText();
        return url.substring(url.lastIndexOf('/') + 1);
    }

    /** SDX reports {@code status} for the job; the bot's answer. */
    public static Response send(String token, String status) {
        return given().contentType("application/json")
                .body("{\"job_id\":\"00000000-0000-0000-0000-000000000001\",\"status\":\"" + status + "\"}")
                .post("/sdx/notify/" + token);
    }
}
