package sdx.chatops.flow;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.Management;

/**
 * Health and metrics are served on Quarkus's management interface, a port of its own, so that the port
 * behind the Ingress (Slack, SDX) answers none of them; and the management port serves nothing else.
 */
@QuarkusTest
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
class ManagementInterfaceFlowTest {

    @Test
    void healthAndMetricsAnswerOnTheManagementPort() {
        assertThat(Management.port()).isPositive().isNotEqualTo(RestAssured.port);

        Management.given().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
        Management.given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'workers' }.status", equalTo("UP"));
        Management.given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        String metrics = Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("sdx_chatops_outbox_open").contains("jvm_memory_used_bytes");
    }

    /** The loops the liveness check watches, each with the time it last turned: both are beating. */
    @Test
    void livenessSeesTheOutboxWorkerAndTheSweepTurn() {
        String turned = "\\d{4}-\\d\\d-\\d\\dT.*Z";
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Management.given().get("/q/health/live").then()
                .statusCode(200).body("checks.find { it.name == 'workers' }.data.'slack-outbox'", matchesPattern(turned))
                .body("checks.find { it.name == 'workers' }.data.sweep", matchesPattern(turned)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "/q/health", "/q/health/live", "/q/health/ready", "/q/health/started", "/q/metrics" })
    void theSlackFacingPortAnswersNeitherHealthNorMetrics(String path) {
        given().get(path).then().statusCode(404);
    }

    @Test
    void theManagementPortAnswersNeitherSlackNorSdx() {
        Management.given().contentType("application/x-www-form-urlencoded").body("x=1").post("/slack/events").then()
                .statusCode(404);
        Management.given().contentType("application/json").body("{\"status\":\"completed\"}")
                .post("/sdx/notify/0123456789abcdef0123456789abcdef").then().statusCode(404);
    }
}
