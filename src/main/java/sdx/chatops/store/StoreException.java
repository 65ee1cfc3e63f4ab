package sdx.chatops.store;

import java.sql.SQLException;

/** The store could not do what was asked; callers treat it as "try again later", never as "no". */
public class StoreException extends RuntimeException {

    public StoreException(SQLException cause) {
        super("store operation failed: " + cause.getMessage(), cause);
    }
}
