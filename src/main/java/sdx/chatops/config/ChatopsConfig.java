package sdx.chatops.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Everything the bot can be told, in one place. Operators set the environment variables named in
 * each key's documentation; {@code application.properties} maps them onto these keys.
 * Required values are {@link Optional} so that {@link RequiredConfigCheck} can name every missing
 * variable at once instead of failing on the first.
 */
@ConfigMapping(prefix = "chatops")
public interface ChatopsConfig {

    Slack slack();

    Sdx sdx();

    Store store();

    Workers workers();

    PolicySettings policy();

    Audit audit();

    Preflight preflight();

    /** The pre-flight check of every script before it is sent for approval (README, "Pre-flight check"). */
    interface Preflight {
        /**
         * Names of the interfaces routers are managed through: disabling one is shown as a risk on the
         * approval message (as is disabling any interface whose name contains {@code mgmt}).
         * Environment: {@code CHATOPS_PREFLIGHT_MANAGEMENT_INTERFACES}, comma-separated.
         */
        @WithDefault("ether1")
        List<String> managementInterfaces();
    }

    interface Audit {
        /**
         * Bearer token that protects the audit export ({@code GET /audit/events} on the management
         * port). Environment: {@code SDX_AUDIT_TOKEN}. Unset: the export is off (404).
         */
        Optional<String> token();

        /** Most events one page of the export returns. */
        @WithDefault("1000")
        int maxPage();
    }

    interface Slack {
        /** Bot token ({@code xoxb-...}). Environment: {@code SLACK_BOT_TOKEN}. Required. */
        Optional<String> botToken();

        /**
         * Signing secret of the Slack app. Environment: {@code SLACK_SIGNING_SECRET}. Required, except in
         * Socket Mode ({@link #appToken()}), where nothing arrives over HTTP to be signed.
         */
        Optional<String> signingSecret();

        /**
         * App-level token ({@code xapp-...}, scope {@code connections:write}). Environment:
         * {@code SLACK_APP_TOKEN}. When set, the bot connects to Slack over Socket Mode (a WebSocket it
         * opens itself, so Slack needs no public URL) and {@code POST /slack/events} refuses requests.
         * A value that does not start with {@code xapp-} stops start-up.
         */
        Optional<String> appToken();

        /** Socket Mode: the wait before the first reconnection after a drop, doubled per failure in a row. */
        @WithDefault("1s")
        Duration socketReconnectFirst();

        /** Socket Mode: the longest wait between reconnection attempts ({@code apps.connections.open} is Tier 1). */
        @WithDefault("60s")
        Duration socketReconnectMax();

        /**
         * Socket Mode: how often the bot pings Slack over the socket; a link that answers no ping for
         * one and a half times this long is taken as dropped and replaced. Whole seconds, at least 1.
         */
        @WithDefault("30s")
        Duration socketPingInterval();

        /**
         * Socket Mode: how long after start-up the readiness check {@code slack-socket-mode} stays UP
         * without the bot ever having connected; after that it is DOWN until the first connection.
         */
        @WithDefault("60s")
        Duration socketReadyGrace();

        /** Slack Web API base URL. Environment: {@code SLACK_API_URL}. */
        @WithDefault("https://slack.com/api/")
        String apiUrl();

        /** How far a request timestamp may be from now, either direction, before it is refused. */
        @WithDefault("5m")
        Duration maxRequestAge();

        /**
         * How long user-group membership read with {@code usergroups.users.list} is reused before it
         * is read again (the cache {@code slack-group-members}).
         */
        @WithDefault("60s")
        Duration groupCacheTtl();

        /**
         * How long the last membership read may still be used while Slack cannot be asked. Kept short:
         * the list grants the right to approve, and someone may have left the group.
         */
        @WithDefault("10m")
        Duration groupCacheStaleFor();

        /** How long the slash-command handler waits for site resolution before acknowledging anyway. */
        @WithDefault("2s")
        Duration ackBudget();
    }

    interface Sdx {
        /** SDX API base URL. Environment: {@code SDX_API_URL}. */
        @WithDefault("https://v1.api.altostrat.io")
        String apiUrl();

        /**
         * SDX bearer token, a JWT or an {@code alto_sk_} key. Environment: {@code SDX_API_TOKEN}. Required,
         * except in sandbox mode ({@link #sandbox()}), where it is not used.
         */
        Optional<String> apiToken();

        /**
         * Sandbox mode: a built-in simulation of SDX replaces it (five made-up sites, one of them
         * offline; jobs that run by themselves, fail when the script contains {@code :error}, and call
         * back or are polled as usual). Nothing is sent to SDX, so nothing reaches a router;
         * {@code SDX_API_URL} and {@code SDX_API_TOKEN} are not used. Every Slack message shows a
         * SANDBOX marker, start-up logs it and the readiness check reports it ({@code sdx}: mode
         * sandbox). Environment: {@code SDX_SANDBOX}; off unless set to {@code true}.
         */
        @WithDefault("false")
        boolean sandbox();

        /**
         * In sandbox mode, the time between a simulated job's steps: queued, running, then completed
         * or failed. Environment: {@code CHATOPS_SDX_SANDBOX_STEP}.
         */
        @WithDefault("3s")
        Duration sandboxStep();

        /**
         * Base URL at which SDX can reach this bot; {@code notify_url} is built from it.
         * Environment: {@code SDX_PUBLIC_URL}; https in production. Without it SDX sends no
         * callbacks and the bot polls job statuses every {@link #pollInterval()}.
         */
        Optional<String> publicUrl();

        /**
         * Slack user ids ({@code U...}, {@code W...}) and user group ids ({@code S...}) allowed to
         * approve. Environment: {@code SDX_APPROVERS}, comma-separated. Empty: nobody can approve.
         */
        Optional<List<String>> approvers();

        /** Longest script SDX accepts, in characters. */
        @WithDefault("2000")
        int maxScriptLength();

        /** Connect timeout for SDX calls. */
        @WithDefault("5s")
        Duration connectTimeout();

        /** Read timeout for SDX calls; a queue request that times out has an unknown outcome. */
        @WithDefault("20s")
        Duration readTimeout();

        /** How long the site list from {@code GET /site-minimal} is reused (the cache {@code sdx-sites}). */
        @WithDefault("60s")
        Duration siteCacheTtl();

        /** How long the last site list may still be used while SDX cannot be asked for a new one. */
        @WithDefault("1h")
        Duration siteCacheStaleFor();

        /**
         * SDX calls per minute all instances together allow themselves (SDX allows 60 per API key);
         * the budget is kept in the store, so replicas share it.
         */
        @WithDefault("50")
        int requestsPerMinute();

        /** Failures in a row after which SDX calls pause ({@link #breakerPause()}). */
        @WithDefault("5")
        int breakerThreshold();

        /** How long SDX calls pause after {@link #breakerThreshold()} failures in a row. */
        @WithDefault("30s")
        Duration breakerPause();

        /** How long an approved job keeps being retried while SDX throttles or cannot be reached. */
        @WithDefault("15m")
        Duration submitRetryFor();

        /**
         * How long after an unanswered submission the bot waits before concluding, from SDX's job
         * list, that no job was created.
         */
        @WithDefault("2m")
        Duration reconcileGrace();

        /** Without any callback for this long, the bot asks SDX for the job's status itself. */
        @WithDefault("10m")
        Duration callbackGrace();

        /** How often a job's status is polled once polling has started (or without SDX_PUBLIC_URL). */
        @WithDefault("30s")
        Duration pollInterval();

        JobDefaults jobDefaults();
    }

    /** Job options sent with every queued script unless the request says otherwise. */
    interface JobDefaults {
        @WithDefault("true")
        boolean makeBackup();

        @WithDefault("false")
        boolean expressExecute();

        @WithDefault("true")
        boolean needsAcknowledgement();
    }

    interface Store {
        /** Folder of the embedded SQLite store. Environment: {@code SDX_DATA_DIR}. */
        @WithDefault("./data")
        String dataDir();

        /**
         * JDBC URL of a PostgreSQL database (e.g. {@code jdbc:postgresql://db:5432/sdx}); when set,
         * PostgreSQL replaces the embedded store and several instances may share it.
         * Environment: {@code SDX_DB_URL}, with {@code SDX_DB_USER} and {@code SDX_DB_PASSWORD}.
         */
        Optional<String> dbUrl();

        /** How long an instance owns a piece of background work before another may take it over. */
        @WithDefault("60s")
        Duration leaseTime();

        /**
         * Whether a new request is on disk before its ack. {@code true}: the commit waits for the disk
         * (SQLite {@code synchronous=FULL}, PostgreSQL {@code synchronous_commit}), like every other
         * write. {@code false}: it waits only for the write (SQLite {@code synchronous=NORMAL}, PostgreSQL
         * {@code synchronous_commit=off}, for these transactions alone); the request reaches the disk
         * with the next flushed write, at the latest when its approval message's delivery is recorded.
         * A crash or kill of the bot loses nothing either way; with {@code false} a power cut (or a crash
         * of the PostgreSQL server) may lose commands acknowledged just before it whose approval message
         * was not yet recorded as posted. Decisions, submissions, receipts and job statuses are always
         * flushed. Environment: {@code CHATOPS_STORE_FLUSH_NEW_REQUESTS}.
         */
        @WithDefault("true")
        boolean flushNewRequests();
    }

    interface Workers {
        /**
         * Threads that work out slash commands and forms (site, policy, the stored request) while Slack
         * waits for the ack. Most of their time is spent waiting for the store, and on SQLite the
         * requests that wait together are written in one transaction, so more threads mean fewer
         * commits per command: 16 gave the most commands per second on 2 cores (docs/performance.md).
         */
        @WithDefault("16")
        int commandThreads();

        /** Slash commands waiting for a thread before new ones are refused as busy. */
        @WithDefault("200")
        int commandQueue();

        /**
         * Button clicks waiting for a thread before new ones are refused as busy. A decision is one
         * short store update, so a burst of clicks queues here (its own pool, not behind slow
         * commands) rather than being refused.
         */
        @WithDefault("5000")
        int clickQueue();

        /**
         * Threads that submit approved jobs to SDX. A submission waits for its turn in SDX's call
         * budget before it claims the request, so threads waiting for SDX's limit hold nothing but
         * APPROVED requests; with a higher limit, more threads send more at once.
         */
        @WithDefault("8")
        int submitThreads();

        /**
         * Slack calls the outbox makes at the same time, each for a different request (a request's
         * messages go out one after another, in order) and at most one post per channel per second.
         * Each call holds a thread for Slack's answer, so this also bounds posts per second to roughly
         * threads / Slack's latency. A thread is free again when what it delivered has been written,
         * with the next claim.
         */
        @WithDefault("64")
        int deliveryThreads();

        /** How often stored work (approved but unsent requests) is swept up. */
        @WithDefault("10s")
        Duration sweepInterval();

        /** How long the outbox worker sleeps when it has nothing due. */
        @WithDefault("1s")
        Duration outboxIdle();
    }

    /** Who may change what (README, "Policy"). */
    interface PolicySettings {
        /**
         * Path of the policy file (YAML: admins, defaults, rules). Environment: {@code SDX_POLICY_FILE}.
         * Checked at start-up (an invalid file stops the bot, naming every problem) and read again
         * whenever its content changes. Unset: one implicit rule, any channel and any site, approvers
         * from {@code SDX_APPROVERS}, one approval, no expiry.
         */
        Optional<String> file();

        /**
         * How often the policy file is checked for a change of content (a content hash, so a
         * Kubernetes ConfigMap update that swaps a symlink is seen). Environment:
         * {@code CHATOPS_POLICY_RELOAD_INTERVAL}.
         */
        @WithDefault("10s")
        Duration reloadInterval();

        /**
         * Slack user ids ({@code U...}, {@code W...}) and user group ids ({@code S...}) of the admins
         * (freezes, audit, policy view) when the policy file has no {@code admins} key, or without a
         * policy file. Environment: {@code SDX_ADMINS}, comma-separated. Empty: no admins.
         */
        Optional<List<String>> admins();
    }
}
