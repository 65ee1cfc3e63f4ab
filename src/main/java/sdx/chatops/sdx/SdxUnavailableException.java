package sdx.chatops.sdx;

/** SDX could not answer a read; the message is safe to show in Slack. */
public class SdxUnavailableException extends Exception {

    public SdxUnavailableException(String message) {
        super(message);
    }
}
