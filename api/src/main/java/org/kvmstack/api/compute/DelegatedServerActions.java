package org.kvmstack.api.compute;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;

/**
 * Server actions ({@code POST /servers/{id}/action}) that another service answers, e.g. the legacy console actions
 * {@code os-getVNCConsole}/{@code os-getSerialConsole}. Compute asks {@link #handles} first and hands the request
 * over when it says yes; everything else stays compute's.
 */
public interface DelegatedServerActions {
    /** None: compute answers every action itself. */
    DelegatedServerActions NONE = new DelegatedServerActions() {
        @Override
        public boolean handles(Context ctx, JsonNode body) {
            return false;
        }

        @Override
        public void perform(Context ctx, JsonNode body) {
            throw new IllegalStateException("no delegated actions");
        }
    };

    /** Whether this action body (at the request's microversion) is answered by {@link #perform}. */
    boolean handles(Context ctx, JsonNode body);

    /** Answers the action; the server id is the path parameter {@code id}. */
    void perform(Context ctx, JsonNode body) throws Exception;
}
