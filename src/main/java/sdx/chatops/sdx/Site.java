package sdx.chatops.sdx;

/** An SDX site (router): its UUID, its SDX name and whether it is checking in. */
public record Site(String id, String name, boolean hasPulse) {
}
