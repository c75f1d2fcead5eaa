package org.kvmstack.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import org.kvmstack.api.compute.DelegatedServerActions;
import org.kvmstack.api.console.ConsoleRequests;

/** The legacy console server actions, answered by the console service for compute's action dispatcher. */
final class ConsoleServerActions implements DelegatedServerActions {
    private final ConsoleRequests requests;

    ConsoleServerActions(ConsoleRequests requests) {
        this.requests = requests;
    }

    @Override
    public boolean handles(Context ctx, JsonNode body) {
        return requests.handlesAction(ctx, body);
    }

    @Override
    public void perform(Context ctx, JsonNode body) {
        requests.performAction(ctx, body);
    }
}
