package sdx.chatops.slack;

/** What an engineer asked for with {@code /sdx ...}, already unescaped. */
public sealed interface SdxCommand {

    /** {@code /sdx queue <site> <script>}. */
    record Queue(String site, String script) implements SdxCommand {
    }

    /** {@code /sdx}, {@code /sdx help}, or anything not understood; {@code problem} says what was wrong. */
    record Help(String problem) implements SdxCommand {
    }
}
