package sdx.chatops.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * An OpenTelemetry collector that takes OTLP/HTTP trace exports ({@code POST /v1/traces}) and answers
 * 200; the bot finds it through the standard {@code OTEL_EXPORTER_OTLP_ENDPOINT}, as an operator sets it.
 */
public class FakeCollector implements QuarkusTestResourceLifecycleManager {

    private static WireMockServer collector;

    public static WireMockServer collector() {
        return collector;
    }

    @Override
    public Map<String, String> start() {
        collector = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        collector.start();
        collector.stubFor(post(urlEqualTo("/v1/traces")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/x-protobuf")));
        return Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", collector.baseUrl(), "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
    }

    @Override
    public void stop() {
        if (collector != null) {
            collector.stop();
        }
    }
}
