package org.kvmstack.cloud.console;

import java.util.Objects;
import java.util.UUID;
import org.kvmstack.cloud.error.NotFound;
import org.kvmstack.cloud.error.Unauthorized;

/**
 * Console access for instances: issues tokens to callers that may see an instance, and turns a token into an open
 * console channel exactly once. Knows nothing about HTTP.
 */
public final class ConsoleService {
    private final ConsoleTargets targets;
    private final ConsoleTokenService tokens;
    private final ConsoleConnector connector;

    public ConsoleService(ConsoleTargets targets, ConsoleTokenService tokens, ConsoleConnector connector) {
        this.targets = Objects.requireNonNull(targets, "targets");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.connector = Objects.requireNonNull(connector, "connector");
    }

    /**
     * Issues a console token for an instance of the caller's project.
     *
     * @throws NotFound when the instance does not exist in {@code projectId} or has no host yet
     */
    public IssuedConsoleToken requestConsole(UUID instanceId, String projectId, ConsoleType type) {
        targets.resolve(instanceId, projectId)
                .orElseThrow(() -> new NotFound("Instance " + instanceId + " could not be found."));
        return tokens.issue(instanceId, projectId, type);
    }

    /**
     * Consumes the token (it can never be used again, whatever happens next). Cheap: callers do this before
     * accepting a websocket, so a bad token is refused before any console is opened.
     *
     * @throws Unauthorized when the token is invalid, expired, used or for another console type
     */
    public ConsoleGrant authorize(String token, ConsoleType type) {
        return tokens.consume(token, type);
    }

    /**
     * Opens the console a grant allows. The instance is resolved again now, because it may have been deleted or
     * moved to another host since the token was issued.
     *
     * @throws NotFound when the instance is gone
     * @throws org.kvmstack.cloud.error.Conflict when it is not running or has no such console
     */
    public ConsoleChannel open(ConsoleGrant grant) {
        ConsoleTarget target = targets.resolve(grant.instanceId(), grant.projectId())
                .orElseThrow(() -> new NotFound("Instance " + grant.instanceId() + " could not be found."));
        return connector.open(target, grant.type());
    }

}
