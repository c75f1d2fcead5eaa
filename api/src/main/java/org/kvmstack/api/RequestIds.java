package org.kvmstack.api;

import io.javalin.http.Context;
import java.util.UUID;

/**
 * Gives every request an OpenStack request id ({@code req-<uuid>}), returned in
 * {@code x-openstack-request-id} on every response (and {@code x-compute-request-id} for
 * compute, which nova clients read) and shown in the request log line.
 */
public final class RequestIds {
    static final String ATTRIBUTE = "kvmstack.request-id";
    public static final String OPENSTACK_HEADER = "x-openstack-request-id";
    public static final String COMPUTE_HEADER = "x-compute-request-id";

    private RequestIds() {}

    /** Assigns the id and sets the response headers; runs before anything else. */
    static void assign(Context ctx) {
        String id = "req-" + UUID.randomUUID();
        ctx.attribute(ATTRIBUTE, id);
        ctx.header(OPENSTACK_HEADER, id);
        if (OpenStackService.forPath(ctx.path()).filter(s -> s == OpenStackService.COMPUTE).isPresent()) {
            ctx.header(COMPUTE_HEADER, id);
        }
    }

    /** The id of the request being handled. */
    public static String of(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        return id == null ? "-" : id;
    }
}
