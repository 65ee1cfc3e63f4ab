package sdx.chatops.slack;

import java.util.concurrent.RejectedExecutionException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.slack.api.app_backend.events.payload.EventsApiPayload;
import com.slack.api.bolt.context.builtin.EventContext;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.MethodsClient;
import com.slack.api.model.event.AppHomeOpenedEvent;

import sdx.chatops.approval.EverydayQueries;
import sdx.chatops.approval.FreezeChanges;
import sdx.chatops.workers.WorkerPools;

/**
 * The Home tab: published ({@code views.publish}) each time someone opens it ({@code app_home_opened}),
 * and again after they click Approve or Reject there, so its buttons never outlive their request.
 */
@ApplicationScoped
public class AppHome {

    private static final Logger LOG = Logger.getLogger(AppHome.class);

    private final MethodsClient slack;
    private final EverydayQueries queries;
    private final FreezeChanges freezes;
    private final WorkerPools pools;

    @Inject
    public AppHome(MethodsClient slack, EverydayQueries queries, FreezeChanges freezes, WorkerPools pools) {
        this.slack = slack;
        this.queries = queries;
        this.freezes = freezes;
        this.pools = pools;
    }

    /** Acknowledged at once; the view is built and published off the request thread. */
    public Response opened(EventsApiPayload<AppHomeOpenedEvent> payload, EventContext ctx) {
        AppHomeOpenedEvent event = payload.getEvent();
        if ("home".equals(event.getTab()) || event.getTab() == null) {
            refreshSoon(event.getUser(), null);
        }
        return ctx.ack();
    }

    /** Publishes {@code user}'s Home tab off the caller's thread; {@code notice} is shown on top. */
    public void refreshSoon(String user, String notice) {
        try {
            pools.interactions().execute(() -> publish(user, notice));
        } catch (RejectedExecutionException e) {
            LOG.warn("Home tab not refreshed: the bot is busy; it is refreshed when opened again");
        }
    }

    void publish(String user, String notice) {
        var view = AppHomeView.view(queries.waitingFor(user), queries.recentOf(user, AppHomeView.MOST_RECENT), freezes.active(),
                notice);
        try {
            var response = slack.viewsPublish(r -> r.userId(user).view(view));
            if (!response.isOk()) {
                LOG.warnf("Slack refused the Home tab: %s", response.getError());
            }
        } catch (Exception e) {
            LOG.warnf("could not publish the Home tab: %s", WorkerPools.oneLine(e));
        }
    }
}
