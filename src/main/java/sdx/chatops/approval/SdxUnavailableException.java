package sdx.chatops.approval;

/** SDX could not answer a read; the message is safe to show in Slack (after escaping). */
public class SdxUnavailableException extends Exception {

    public SdxUnavailableException(String message) {
        super(message);
    }
}
