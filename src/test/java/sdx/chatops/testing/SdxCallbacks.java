package sdx.chatops.testing;

import static io.restassured.RestAssured.given;

import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.restassured.response.Response;

/** What SDX sends back: job-status callbacks to the notify URL the bot gave it. */
public final class SdxCallbacks {

    private SdxCallbacks() {
    }

    /** The callback token sent with the latest queue request for the site (each attempt has its own). */
    public static String token(WireMockServer sdx, String siteId) {
        List<LoggedRequest> calls = SdxStubs.queueCalls(sdx, siteId);
        String url = Flow.tree(calls.get(calls.size() - 1).getBodyAsString()).path("notify_url").asText();
        return url.substring(url.lastIndexOf('/') + 1);
    }

    /** SDX reports {@code status} for the job; the bot's answer. */
    public static Response send(String token, String status) {
        return given().contentType("application/json")
                .body("{\"job_id\":\"00000000-0000-0000-0000-000000000001\",\"status\":\"" + status + "\"}")
                .post("/sdx/notify/" + token);
    }
}
