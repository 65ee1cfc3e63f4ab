package sdx.chatops.approval;

/**
 * The policy in force now (port). It may change while the bot runs (a ConfigMap update), so the
 * workflow asks for it at every request and every click instead of keeping it.
 */
public interface PolicySource {

    Policy current();
}
