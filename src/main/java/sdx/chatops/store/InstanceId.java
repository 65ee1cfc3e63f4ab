package sdx.chatops.store;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

import jakarta.inject.Singleton;

/** Names this running instance in leases, so replicas sharing PostgreSQL can tell whose work is whose. */
@Singleton
public class InstanceId {

    private final String value;

    public InstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "instance";
        }
        String name = host + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.value = name.length() > 64 ? name.substring(name.length() - 64) : name;
    }

    public String value() {
        return value;
    }
}
