package org.kvmstack.api;

/** A group of routes (one service or concern) that registers itself on the server. */
public interface RouteModule {
    /** Adds this module's routes; called once while the server is built. */
    void register(Routes routes);
}
