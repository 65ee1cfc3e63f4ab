package sdx.chatops.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The two Slack app manifests (Request URLs, Socket Mode) describe the same app: same scopes, same
 * command, same Home tab and event subscription; only the way Slack reaches the bot differs.
 */
class SlackManifestsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static JsonNode manifest(String file) throws IOException {
        return YAML.readTree(Path.of("slack", file).toFile());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void socketModeManifestAsksForTheSameScopesCommandAndHomeTabAsTheHttpOne() throws IOException {
        JsonNode http = manifest("manifest.yml");
        JsonNode socket = manifest("manifest-socket-mode.yml");

        assertThat(texts(socket.at("/oauth_config/scopes/bot")))
                .containsExactlyInAnyOrderElementsOf(texts(http.at("/oauth_config/scopes/bot")))
                .isNotEmpty();
        JsonNode httpCommand = http.at("/features/slash_commands/0");
        JsonNode socketCommand = socket.at("/features/slash_commands/0");
        assertThat(socketCommand.path("command").asText()).isEqualTo("/sdx").isEqualTo(httpCommand.path("command").asText());
        assertThat(socketCommand.path("usage_hint").asText()).isEqualTo(httpCommand.path("usage_hint").asText());
        assertThat(socketCommand.path("should_escape").asBoolean(true)).isFalse();
        for (JsonNode m : List.of(http, socket)) {
            assertThat(m.at("/features/app_home/home_tab_enabled").asBoolean()).isTrue();
            assertThat(texts(m.at("/settings/event_subscriptions/bot_events"))).containsExactly("app_home_opened");
            assertThat(m.at("/settings/interactivity/is_enabled").asBoolean()).isTrue();
        }
    }

    @Test
    void onlyTheHttpManifestNamesRequestUrlsAndOnlyTheSocketOneEnablesSocketMode() throws IOException {
        JsonNode http = manifest("manifest.yml");
        JsonNode socket = manifest("manifest-socket-mode.yml");

        assertThat(http.at("/settings/socket_mode_enabled").asBoolean(true)).isFalse();
        assertThat(socket.at("/settings/socket_mode_enabled").asBoolean()).isTrue();
        for (String url : List.of("/features/slash_commands/0/url", "/settings/event_subscriptions/request_url",
                "/settings/interactivity/request_url", "/settings/interactivity/message_menu_options_url")) {
            assertThat(http.at(url).asText()).as(url).isEqualTo("https://YOUR-HOST/slack/events");
            assertThat(socket.at(url).isMissingNode()).as("%s in the Socket Mode manifest", url).isTrue();
        }
    }
}
