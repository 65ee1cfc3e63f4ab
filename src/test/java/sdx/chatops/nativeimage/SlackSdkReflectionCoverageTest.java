package sdx.chatops.nativeimage;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.app_backend.slash_commands.response.SlashCommandResponse;
import com.slack.api.bolt.socket_mode.request.SocketModeRequestParser;
import com.slack.api.methods.SlackApiErrorResponse;
import com.slack.api.methods.request.apps.connections.AppsConnectionsOpenRequest;
import com.slack.api.methods.request.chat.ChatPostMessageRequest;
import com.slack.api.methods.request.chat.ChatUpdateRequest;
import com.slack.api.methods.request.usergroups.users.UsergroupsUsersListRequest;
import com.slack.api.methods.response.apps.connections.AppsConnectionsOpenResponse;
import com.slack.api.methods.response.auth.AuthTestResponse;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
import com.slack.api.methods.response.usergroups.users.UsergroupsUsersListResponse;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.socket_mode.request.DisconnectMessage;
import com.slack.api.socket_mode.request.EventsApiEnvelope;
import com.slack.api.socket_mode.request.HelloMessage;
import com.slack.api.socket_mode.request.InteractiveEnvelope;
import com.slack.api.socket_mode.request.SlashCommandsEnvelope;
import com.slack.api.socket_mode.response.AckResponse;

import sdx.chatops.approval.RequestState;
import sdx.chatops.slack.ApprovalMessage;
import sdx.chatops.testing.ChangeRequests;

/**
 * The native image keeps for reflection what {@link SlackSdkReflectionFeature} registers: the classes
 * {@link SlackSdkClasses#scan} lists. Every Slack SDK class that Gson maps on our paths (the payloads
 * Bolt parses for our handlers, the Web API calls delivery makes, the blocks our messages contain,
 * and the classes of their fields, recursively) must be among them.
 */
class SlackSdkReflectionCoverageTest {

    /** The types Gson maps for us, named by the code that uses them. */
    private static final List<Class<?>> ROOTS = List.of(
            SlashCommandPayload.class, // SdxSlashCommand
            SlashCommandResponse.class, // ctx.ack(text)
            BlockActionPayload.class, // ApprovalButtons
            ChatPostMessageRequest.class, ChatPostMessageResponse.class, // SlackDelivery
            ChatUpdateRequest.class, ChatUpdateResponse.class, // SlackDelivery
            UsergroupsUsersListRequest.class, UsergroupsUsersListResponse.class, // SlackGroupMembership
            AuthTestResponse.class, // Bolt's auth.test before handlers run
            SlackApiErrorResponse.class, // SlackApiException
            AppsConnectionsOpenRequest.class, AppsConnectionsOpenResponse.class, // SlackSocketMode: the WebSocket URL
            SocketModeRequestParser.GenericSocketModeEnvelope.class, // SlackSocketMode: Bolt reads the envelope
            // The SDK's Socket Mode types, should the SDK's own client ever carry the envelopes.
            HelloMessage.class, DisconnectMessage.class, SlashCommandsEnvelope.class, InteractiveEnvelope.class,
            EventsApiEnvelope.class, AckResponse.class);

    private static Map<String, SortedSet<String>> scanned;
    private static Set<String> registered;

    @BeforeAll
    static void scan() {
        scanned = SlackSdkClasses.scan(SlackSdkReflectionCoverageTest.class.getClassLoader());
        registered = new TreeSet<>();
        scanned.values().forEach(registered::addAll);
    }

    @Test
    void everySlackClassOurHandlersAndDeliveryUseIsRegistered() {
        Set<Class<?>> used = new TreeSet<>(Comparator.comparing(Class::getName));
        ROOTS.forEach(root -> walkType(root, used));
        for (RequestState state : RequestState.values()) {
            ChangeRequests request = state == RequestState.PENDING ? ChangeRequests.pending()
                    : ChangeRequests.decided(state, "UAPPROVER1");
            request.jobStatus = "running";
            request.failure = "HTTP 503";
            List<LayoutBlock> blocks = ApprovalMessage.blocks(request.build());
            walkObject(ChatPostMessageRequest.builder().channel("C1").text("t").blocks(blocks).build(), used);
            walkObject(ChatUpdateRequest.builder().channel("C1").ts("1.2").text("t").blocks(blocks).build(), used);
        }

        Set<String> names = new TreeSet<>();
        used.forEach(type -> names.add(type.getName()));
        // The walk itself must have reached the blocks, elements and text objects our messages build.
        assertThat(names).contains(
                "com.slack.api.model.block.SectionBlock", "com.slack.api.model.block.ActionsBlock",
                "com.slack.api.model.block.ContextBlock", "com.slack.api.model.block.element.ButtonElement",
                "com.slack.api.model.block.composition.MarkdownTextObject",
                "com.slack.api.model.block.composition.PlainTextObject",
                "com.slack.api.app_backend.interactive_components.payload.BlockActionPayload$Action",
                "com.slack.api.model.Message", "com.slack.api.model.view.View",
                "com.slack.api.bolt.socket_mode.request.SocketModeRequestParser$GenericSocketModeEnvelope",
                "com.slack.api.methods.response.apps.connections.AppsConnectionsOpenResponse",
                "com.slack.api.socket_mode.request.SlashCommandsEnvelope");
        assertThat(names).hasSizeGreaterThan(100);

        assertThat(names).allSatisfy(name -> assertThat(SlackSdkClasses.isRegistered(name))
                .as("%s is used by our handlers but not matched by SlackSdkClasses.PREFIXES", name).isTrue());
        assertThat(registered).as("classes used by our handlers but not found by the scan").containsAll(names);
    }

    @Test
    void classesOutsideThePrefixesAreNotRegistered() {
        assertThat(SlackSdkClasses.isRegistered("java.lang.String")).isFalse();
        assertThat(SlackSdkClasses.isRegistered("com.example.MadeUp")).isFalse();
        assertThat(SlackSdkClasses.isRegistered("com.slack.api.modelling.MadeUp")).isFalse();
        assertThat(SlackSdkClasses.isRegistered("com.slack.api.methods.SlackApiErrorResponseX")).isFalse();
        assertThat(SlackSdkClasses.isRegistered("com.slack.api.methods.impl.MethodsClientImpl")).isFalse();
        assertThat(SlackSdkClasses.isRegistered("com.slack.api.SlackConfig")).isFalse();
        assertThat(registered).doesNotContain("java.lang.String", "com.slack.api.SlackConfig",
                "com.slack.api.methods.impl.MethodsClientImpl", "com.slack.api.util.json.GsonFactory");

        assertThat(SlackSdkClasses.isRegistered("com.slack.api.model.block.SectionBlock")).isTrue();
        assertThat(SlackSdkClasses.isRegistered("com.slack.api.methods.SlackApiErrorResponse")).isTrue();
    }

    @Test
    void theScanFindsEveryPrefixAndHundredsOfClassesInTheLargePackages() {
        assertThat(scanned.keySet()).containsExactlyElementsOf(SlackSdkClasses.PREFIXES);
        scanned.forEach((prefix, classes) -> assertThat(classes).as("classes under %s", prefix).isNotEmpty()
                .allSatisfy(name -> assertThat(SlackSdkClasses.isRegistered(name)).isTrue()));
        assertThat(scanned.get("com.slack.api.model.")).hasSizeGreaterThan(500);
        assertThat(scanned.get("com.slack.api.methods.request.")).hasSizeGreaterThan(300);
        assertThat(scanned.get("com.slack.api.methods.response.")).hasSizeGreaterThan(300);
        assertThat(scanned.get("com.slack.api.app_backend.")).hasSizeGreaterThan(200);
        assertThat(scanned.get("com.slack.api.methods.SlackApiErrorResponse"))
                .containsExactly("com.slack.api.methods.SlackApiErrorResponse");
        // Socket Mode: from the bolt-socket-mode jar, and from slack-api-client.
        assertThat(scanned.get("com.slack.api.bolt.socket_mode.request."))
                .contains("com.slack.api.bolt.socket_mode.request.SocketModeRequestParser$GenericSocketModeEnvelope");
        assertThat(scanned.get("com.slack.api.socket_mode.request.")).contains(
                "com.slack.api.socket_mode.request.HelloMessage", "com.slack.api.socket_mode.request.DisconnectMessage",
                "com.slack.api.socket_mode.request.SlashCommandsEnvelope",
                "com.slack.api.socket_mode.request.InteractiveEnvelope");
        assertThat(scanned.get("com.slack.api.socket_mode.response."))
                .contains("com.slack.api.socket_mode.response.AckResponse");
    }

    /** Slack classes Gson reaches from {@code type}: itself, its superclasses, the types of their fields. */
    private static void walkType(Type type, Set<Class<?>> used) {
        if (type instanceof Class<?> c) {
            if (c.isArray()) {
                walkType(c.getComponentType(), used);
                return;
            }
            if (!c.getName().startsWith("com.slack.api.") || !used.add(c)) {
                return;
            }
            for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
                walkType(k, used);
                for (Field field : k.getDeclaredFields()) {
                    if (!Modifier.isStatic(field.getModifiers()) && !Modifier.isTransient(field.getModifiers())) {
                        walkType(field.getGenericType(), used);
                    }
                }
            }
        } else if (type instanceof ParameterizedType p) {
            walkType(p.getRawType(), used);
            for (Type argument : p.getActualTypeArguments()) {
                walkType(argument, used);
            }
        } else if (type instanceof GenericArrayType a) {
            walkType(a.getGenericComponentType(), used);
        } else if (type instanceof WildcardType w) {
            for (Type bound : w.getUpperBounds()) {
                walkType(bound, used);
            }
        } else if (type instanceof TypeVariable<?> v) {
            for (Type bound : v.getBounds()) {
                walkType(bound, used);
            }
        }
    }

    /**
     * The run-time classes in an object graph, for fields declared as interfaces or abstract classes
     * ({@code LayoutBlock}, {@code BlockElement}, {@code TextObject}) whose implementations the type walk
     * cannot name.
     */
    private static void walkObject(Object root, Set<Class<?>> used) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            Object value = todo.pop();
            if (!seen.add(value)) {
                continue;
            }
            Class<?> c = value.getClass();
            if (value instanceof Collection<?> collection) {
                collection.stream().filter(e -> e != null).forEach(todo::push);
            } else if (value instanceof Map<?, ?> map) {
                map.values().stream().filter(e -> e != null).forEach(todo::push);
            } else if (c.isArray() && !c.getComponentType().isPrimitive()) {
                for (int i = 0; i < Array.getLength(value); i++) {
                    if (Array.get(value, i) != null) {
                        todo.push(Array.get(value, i));
                    }
                }
            } else if (c.getName().startsWith("com.slack.api.")) {
                walkType(c, used);
                for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
                    for (Field field : k.getDeclaredFields()) {
                        if (!Modifier.isStatic(field.getModifiers()) && !field.getType().isPrimitive()) {
                            field.setAccessible(true);
                            try {
                                Object child = field.get(value);
                                if (child != null) {
                                    todo.push(child);
                                }
                            } catch (IllegalAccessException e) {
                                throw new AssertionError(e);
                            }
                        }
                    }
                }
            }
        }
    }
}
