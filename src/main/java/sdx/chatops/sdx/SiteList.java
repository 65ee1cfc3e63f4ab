package sdx.chatops.sdx;

import java.util.List;

/** Where the sites come from; {@link SdxClient} in the bot, a counting fake in tests. */
public interface SiteList {

    List<Site> sites() throws SdxUnavailableException;
}
