package se.vaxel.pbxsim.core;

import java.util.ArrayList;
import java.util.List;

/** A basic two-party bridge as Dial and Queue make them. */
final class Bridge {

    /** Told when a member leaves (hang-up), so the app that made the bridge can finish. */
    interface Owner {
        void memberLeft(Bridge bridge, Channel gone);
    }

    final String id;
    final List<Channel> members = new ArrayList<>(2);
    final Owner owner;
    final long createdMs;

    Bridge(String id, Owner owner, long createdMs) {
        this.id = id;
        this.owner = owner;
        this.createdMs = createdMs;
    }
}
