package org.kvmstack.cloud.identity;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.kvmstack.cloud.error.NotFound;
import org.kvmstack.cloud.error.Unauthorized;

/**
 * Keystone v3, the part needed now: password authentication, token validation, revocation and
 * the projects a user may scope to.
 *
 * <p>Contract: every authentication failure (unknown user, wrong password, disabled user,
 * unknown project, no role on the project) is the same {@link Unauthorized}, so that callers
 * cannot probe which names exist. Time comes from the injected {@link Clock}.
 */
public final class IdentityService {
    static final String AUTHENTICATION_REQUIRED = "The request you have made requires authentication.";
    /** Short enough that a change made behind this controller's back (another process on the store) shows soon. */
    static final Duration TOKEN_CACHE_TTL = Duration.ofSeconds(30);
    /** Far above the tokens a small cloud keeps in use; bounds memory against a flood of distinct tokens. */
    static final int TOKEN_CACHE_ENTRIES = 10_000;

    private final Jdbi jdbi;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final Duration tokenTtl;
    private final Secrets secrets;
    private final String decoyHash;
    private final TokenCache validated;

    public IdentityService(Jdbi jdbi, PasswordHasher hasher, Clock clock, Duration tokenTtl, SecureRandom random) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tokenTtl = Objects.requireNonNull(tokenTtl, "tokenTtl");
        this.secrets = new Secrets(Objects.requireNonNull(random, "random"));
        if (tokenTtl.isNegative() || tokenTtl.isZero()) {
            throw new IllegalArgumentException("token TTL must be positive, got " + tokenTtl);
        }
        // Checked against when the user does not exist, so that an unknown name costs the same
        // time as a wrong password and response times do not reveal which names exist.
        this.decoyHash = hasher.hash(secrets.newPassword());
        this.validated = new TokenCache(clock, TOKEN_CACHE_TTL, TOKEN_CACHE_ENTRIES);
    }

    /**
     * Issues a token for a user by password, scoped to a project when one is named.
     *
     * @throws org.kvmstack.cloud.error.BadRequest when the user or project reference is incomplete
     * @throws Unauthorized                        when authentication or scoping fails
     */
    public IssuedToken authenticate(PasswordAuthentication request) {
        request.user().requireUsable("user", true);
        request.project().ifPresent(p -> p.requireUsable("project", true));
        return jdbi.inTransaction(handle -> {
            Optional<User> found = findUser(handle, request.user());
            String hash = found.flatMap(u -> handle.attach(Users.class).passwordHash(u.id())).orElse(decoyHash);
            boolean passwordMatches = hasher.matches(request.password(), hash);
            User user = found.filter(u -> passwordMatches && u.enabled())
                    .orElseThrow(() -> new Unauthorized(AUTHENTICATION_REQUIRED));
            Optional<Project> project = Optional.empty();
            if (request.project().isPresent()) {
                project = Optional.of(findProject(handle, request.project().get())
                        .filter(Project::enabled)
                        .orElseThrow(() -> new Unauthorized("The project named in the scope does not exist or is disabled.")));
                if (handle.attach(Roles.class).assignedOn(user.id(), project.get().id()).isEmpty()) {
                    throw new Unauthorized("User " + user.id() + " has no access to project " + project.get().id() + ".");
                }
            }
            Instant now = clock.instant();
            String value = secrets.newToken();
            StoredToken stored = new StoredToken(Secrets.digest(value), secrets.newAuditId(), user.id(),
                    project.map(Project::id).orElse(null), "password", now.toEpochMilli(),
                    now.plus(tokenTtl).toEpochMilli(), false);
            handle.attach(Tokens.class).insert(stored);
            return new IssuedToken(value, contextOf(handle, stored));
        });
    }

    /**
     * Returns what a caller's own token ({@code X-Auth-Token}) proves.
     *
     * @throws Unauthorized when the token is unknown, expired or revoked
     */
    public AuthContext authenticateToken(String token) {
        return findValid(token).orElseThrow(() -> new Unauthorized(AUTHENTICATION_REQUIRED));
    }

    /**
     * Validates another token ({@code X-Subject-Token}) on behalf of an authenticated caller.
     *
     * @throws NotFound when the token is unknown, expired or revoked (Keystone's answer)
     */
    public AuthContext validateSubject(String token) {
        return findValid(token).orElseThrow(() -> new NotFound("Could not find token: the token is unknown, expired or revoked."));
    }

    /**
     * Revokes a token; it never validates again.
     *
     * @throws NotFound when the token is unknown, expired or already revoked
     */
    public void revoke(String token) {
        validateSubject(token);
        String digest = Secrets.digest(token);
        jdbi.useHandle(handle -> handle.attach(Tokens.class).revoke(digest));
        // After the store update: a validation that read the store before it cannot cache the token
        // afterwards (the cache's stamp refuses puts that straddle an eviction).
        validated.evict(digest);
    }

    /** Projects on which the user holds a role. */
    public List<Project> projectsOf(String userId) {
        return jdbi.withExtension(Projects.class, p -> p.assignedTo(userId));
    }

    /**
     * Deletes at most {@code limit} tokens that expired before now, in one short write; housekeeping, safe to call
     * any time ({@link ExpiredTokenPurge} calls it periodically).
     *
     * @return how many were deleted; fewer than {@code limit} means none expired is left
     */
    public int purgeExpiredTokens(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a purge batch holds at least one token, not " + limit);
        }
        long now = clock.instant().toEpochMilli();
        return jdbi.withExtension(Tokens.class, t -> t.deleteExpiredBefore(now, limit));
    }

    private Optional<AuthContext> findValid(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        String digest = Secrets.digest(token);
        Optional<AuthContext> cached = validated.get(digest);
        if (cached.isPresent()) {
            return cached;
        }
        long stamp = validated.stamp();
        long now = clock.instant().toEpochMilli();
        Optional<AuthContext> found = jdbi.inTransaction(handle -> handle.attach(Tokens.class).byHash(digest)
                .filter(t -> !t.revoked() && now < t.expiresAt())
                .map(t -> contextOf(handle, t)));
        found.ifPresent(context -> validated.put(digest, context, stamp));
        return found;
    }

    private static AuthContext contextOf(Handle handle, StoredToken token) {
        Domains domains = handle.attach(Domains.class);
        Roles roles = handle.attach(Roles.class);
        User user = handle.attach(Users.class).byId(token.userId())
                .orElseThrow(() -> new IllegalStateException("token " + token.auditId() + " names a missing user"));
        Domain userDomain = domains.byId(user.domainId()).orElseThrow();
        Optional<ScopedProject> project = Optional.ofNullable(token.projectId())
                .flatMap(id -> handle.attach(Projects.class).byId(id))
                .map(p -> new ScopedProject(p, domains.byId(p.domainId()).orElseThrow()));
        List<Role> granted = project.map(p -> ImpliedRoles.expand(roles.assignedOn(user.id(), p.project().id()), roles))
                .orElse(List.of());
        return new AuthContext(token.auditId(), user, userDomain, project, granted,
                Arrays.asList(token.methods().split(",")),
                Instant.ofEpochMilli(token.issuedAt()), Instant.ofEpochMilli(token.expiresAt()));
    }

    private static Optional<User> findUser(Handle handle, Ref ref) {
        Users users = handle.attach(Users.class);
        if (ref.idIfGiven().isPresent()) {
            return users.byId(ref.id());
        }
        return findDomain(handle, ref.domain()).flatMap(d -> users.byName(d.id(), ref.name()));
    }

    private static Optional<Project> findProject(Handle handle, Ref ref) {
        Projects projects = handle.attach(Projects.class);
        if (ref.idIfGiven().isPresent()) {
            return projects.byId(ref.id());
        }
        return findDomain(handle, ref.domain()).flatMap(d -> projects.byName(d.id(), ref.name()));
    }

    private static Optional<Domain> findDomain(Handle handle, Ref ref) {
        Domains domains = handle.attach(Domains.class);
        return (ref.idIfGiven().isPresent() ? domains.byId(ref.id()) : domains.byName(ref.name())).filter(Domain::enabled);
    }
}
