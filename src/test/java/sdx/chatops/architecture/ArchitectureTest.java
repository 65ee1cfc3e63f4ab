package sdx.chatops.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The shape of the code (README, "How it is built"): the workflow in {@code approval} depends on no
 * adapter; adapters depend on it; top-level packages form no cycle; each outside library is used by
 * the one adapter that owns it.
 */
class ArchitectureTest {

    private static final JavaClasses BOT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("sdx.chatops");

    @Test
    void workflowDependsOnNoAdapter() {
        noClasses().that().resideInAPackage("sdx.chatops.approval..")
                .should().dependOnClassesThat().resideInAnyPackage("sdx.chatops.slack..", "sdx.chatops.sdx..",
                        "sdx.chatops.store..", "sdx.chatops.callbacks..", "sdx.chatops.nativeimage..")
                .because("approval/ owns the workflow and its ports; transports and adapters depend on it, not the other way")
                .check(BOT);
    }

    @Test
    void workflowKnowsNoTransportOrDatabase() {
        noClasses().that().resideInAPackage("sdx.chatops.approval..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "com.slack.api..",
                        "jakarta.ws.rs..", "io.quarkus.rest.client..", "io.agroal..", "io.vertx..", "io.opentelemetry..")
                .because("state changes go through the RequestStore port and Slack text is rendered only in slack/; tracing"
                        + " is the adapters' and the worker pools' business (tracing/)")
                .check(BOT);
    }

    @Test
    void topLevelPackagesFormNoCycle() {
        slices().matching("sdx.chatops.(*)..").should().beFreeOfCycles().check(BOT);
    }

    @Test
    void onlyTheSdxAdapterUsesTheRestClient() {
        noClasses().that().resideOutsideOfPackage("sdx.chatops.sdx..")
                .should().dependOnClassesThat().resideInAnyPackage("io.quarkus.rest.client..",
                        "org.eclipse.microprofile.rest.client..", "jakarta.ws.rs.client..")
                .check(BOT);
    }

    @Test
    void onlyTheSlackAdapterUsesTheSlackSdk() {
        noClasses().that()
                .resideOutsideOfPackages("sdx.chatops.slack..", "sdx.chatops.nativeimage..")
                .should().dependOnClassesThat().resideInAPackage("com.slack.api..")
                .because("the native-image feature registers Slack SDK classes; everything else goes through slack/")
                .check(BOT);
    }

    @Test
    void onlyTheSlackAdapterUsesTheWebSocketClient() {
        noClasses().that().resideOutsideOfPackage("sdx.chatops.slack..")
                .should().dependOnClassesThat().resideInAPackage("org.java_websocket..")
                .because("the Socket Mode connection to Slack (SlackSocketMode) is part of the Slack adapter").check(BOT);
    }

    @Test
    void onlyTheStoreUsesJdbc() {
        noClasses().that().resideOutsideOfPackage("sdx.chatops.store..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "io.agroal..", "org.flywaydb..")
                .check(BOT);
    }

    @Test
    void callbacksAreAnInboundAdapterOfTheirOwn() {
        noClasses().that().resideInAPackage("sdx.chatops.sdx..").and().areNotInterfaces().should()
                .beAnnotatedWith(jakarta.ws.rs.Path.class).orShould().dependOnClassesThat()
                .resideInAPackage("sdx.chatops.callbacks..")
                .because("sdx/ is the outbound client (its @Path interface is the REST client); SDX's callbacks arrive"
                        + " through callbacks/")
                .check(BOT);
    }
}
