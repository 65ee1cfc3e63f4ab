package sdx.chatops.testing;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the fakes of Slack and SDX on dynamic loopback ports and points the bot at them through
 * the same environment variable names an operator uses.
 */
public class Fakes implements QuarkusTestResourceLifecycleManager {

    public static final String SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    public static final String SDX_TOKEN = "alto_sk_test_0123456789";
    public static final String PUBLIC_URL = "https://sdx-bot.example.test";
    public static final String APPROVER = "UAPPROVER1";
    public static final String APPROVER_GROUP = "SNETLEADS";
    public static final String AUDIT_TOKEN = "audit-token-0123456789abcdef";

    private static FakeSlack slack;
    private static WireMockServer sdx;

    public static FakeSlack slack() {
        return slack;
    }

    public static WireMockServer sdx() {
        return sdx;
    }

    @Override
    public Map<String, String> start() {
        try {
            slack = new FakeSlack();
            sdx = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
            sdx.start();
            Path data = Files.createTempDirectory(Path.of("target"), "test-data-");
            Map<String, String> config = new LinkedHashMap<>();
            config.put("SLACK_BOT_TOKEN", FakeSlack.BOT_TOKEN);
            config.put("SLACK_SIGNING_SECRET", SIGNING_SECRET);
            config.put("SLACK_API_URL", slack.apiUrl());
            config.put("SDX_API_URL", sdx.baseUrl());
            config.put("SDX_API_TOKEN", SDX_TOKEN);
            config.put("SDX_PUBLIC_URL", PUBLIC_URL);
            config.put("SDX_APPROVERS", APPROVER + "," + APPROVER_GROUP);
            config.put("SDX_AUDIT_TOKEN", AUDIT_TOKEN);
            config.put("SDX_DATA_DIR", data.toString());
            // Short timeouts so that failure paths run quickly.
            config.put("chatops.sdx.read-timeout", "3s");
            config.put("chatops.sdx.site-cache-ttl", "0s");
            // Flows about SDX failing need the failure, not the last good site list (StaleOnFailureTest covers that).
            config.put("chatops.sdx.site-cache-stale-for", "0s");
            config.put("chatops.slack.ack-budget", "1500ms");
            // Flow classes share one bot and each sets the approver group it needs: a cached member
            // list from an earlier class would decide its clicks (StaleOnFailureTest covers the cache).
            config.put("chatops.slack.group-cache-ttl", "0s");
            config.put("chatops.slack.group-cache-stale-for", "0s");
            // All flow classes share one bot, and so its SDX budget (50 calls a minute): at test speed
            // it runs dry and slash commands are refused as "too many SDX requests". Raised here;
            // the bot's own rate limit is not what the flow tests are about.
            config.put("chatops.sdx.requests-per-minute", "600");
            // Under @QuarkusIntegrationTest the packaged bot runs in the prod profile, whose management
            // port is 9000: give it a free one (Management reads it back). @QuarkusTest ignores this key
            // and uses quarkus.management.test-port (0, a free port, in the pom).
            config.put(Management.PORT, String.valueOf(Management.freePort()));
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (slack != null) {
            slack.close();
        }
        if (sdx != null) {
            sdx.stop();
        }
    }
}
