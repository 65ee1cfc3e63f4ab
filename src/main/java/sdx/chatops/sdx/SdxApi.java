package sdx.chatops.sdx;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The SDX endpoints the bot calls, as a Quarkus REST Client. Package-private: the rest of the bot
 * goes through {@link SdxClient}, which owns timeouts and turns HTTP answers into outcomes.
 * Answers are read raw because SDX has two error shapes and we want both.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
interface SdxApi {

    @GET
    @Path("site-minimal")
    Response siteMinimal();

    @GET
    @Path("site/{siteId}/job")
    Response jobs(@PathParam("siteId") String siteId);

    @GET
    @Path("site/{siteId}/job/{jobId}")
    Response job(@PathParam("siteId") String siteId, @PathParam("jobId") String jobId);

    @DELETE
    @Path("site/{siteId}/job/{jobId}")
    Response cancel(@PathParam("siteId") String siteId, @PathParam("jobId") String jobId);

    @POST
    @Path("api/asynchronous/{siteId}")
    @Consumes(MediaType.APPLICATION_JSON)
    Response queue(@PathParam("siteId") String siteId, QueueJob job);
}
