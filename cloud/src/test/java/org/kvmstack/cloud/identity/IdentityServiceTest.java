package org.kvmstack.cloud.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.kvmstack.cloud.error.BadRequest;
import org.kvmstack.cloud.error.NotFound;
import org.kvmstack.cloud.error.Unauthorized;
import org.kvmstack.cloud.store.Database;
import org.kvmstack.cloud.store.testing.StoreEngine;
import org.kvmstack.cloud.store.testing.StoreTest;
import org.kvmstack.cloud.testing.MutableClock;

class IdentityServiceTest {
    private static final Ref DEFAULT_DOMAIN = Ref.byName("Default", null);

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final PasswordHasher hasher = PasswordHasher.bcrypt(4);

    private record Fixture(IdentityService service, String password, Database db) {}

    private Fixture bootstrap(StoreEngine engine) throws Exception {
        Database db = engine.open();
        IdentityBootstrap.Result result = new IdentityBootstrap(db.jdbi(), hasher, clock, new SecureRandom())
                .run(dataDir.resolve("admin-password"));
        String password = result.generatedAdminPassword().orElseThrow();
        IdentityService service = new IdentityService(db.jdbi(), hasher, clock, Duration.ofHours(1), new SecureRandom());
        return new Fixture(service, password, db);
    }

    private static PasswordAuthentication admin(String password, Optional<Ref> project) {
        return new PasswordAuthentication(Ref.byName("admin", DEFAULT_DOMAIN), password, project);
    }

    @StoreTest
    void bootstrapWritesThePasswordOnceWithMode0600AndIsIdempotent(StoreEngine engine) throws Exception {
        Fixture f = bootstrap(engine);
        Path file = dataDir.resolve("admin-password");
        assertThat(Files.readString(file).strip()).isEqualTo(f.password());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        IdentityBootstrap.Result again = new IdentityBootstrap(f.db().jdbi(), hasher, clock, new SecureRandom()).run(file);
        assertThat(again.generatedAdminPassword()).isEmpty();
        assertThat(Files.readString(file).strip()).isEqualTo(f.password());
    }

    @StoreTest
    void issuesAProjectScopedTokenWithImpliedRoles(StoreEngine engine) throws Exception {
        Fixture f = bootstrap(engine);
        IssuedToken token = f.service().authenticate(admin(f.password(), Optional.of(Ref.byName("admin", DEFAULT_DOMAIN))));

        AuthContext context = f.service().authenticateToken(token.value());
        assertThat(context.user().name()).isEqualTo("admin");
        assertThat(context.project()).get().extracting(p -> p.project().name()).isEqualTo("admin");
        assertThat(context.roles()).extracting(Role::name).containsExactly("admin", "member", "reader");
        assertThat(context.expiresAt()).isEqualTo(Instant.parse("2026-01-01T01:00:00Z"));
        int storedInClear = f.db().jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM tokens WHERE token_hash = :v")
                .bind("v", token.value()).mapTo(Integer.class).one());
        assertThat(storedInClear).as("token value is never stored").isZero();
    }

    @StoreTest
    void issuesAnUnscopedTokenByUserId(StoreEngine engine) throws Exception {
        Fixture f = bootstrap(engine);
        String adminId = f.service().authenticate(admin(f.password(), Optional.empty())).context().user().id();
        IssuedToken token = f.service().authenticate(new PasswordAuthentication(Ref.byId(adminId), f.password(), Optional.empty()));
        assertThat(token.context().project()).isEmpty();
        assertThat(token.context().roles()).isEmpty();
        assertThat(f.service().projectsOf(adminId)).extracting(Project::name).containsExactly("admin");
    }

    @StoreTest
    void rejectsABadPasswordAndAnUnknownUserAlike(StoreEngine engine) throws Exception {
        Fixture f = bootstrap(engine);
        assertThatThrownBy(() -> f.service().authenticate(admin(f.password() + "x", Optional.empty())))
                .isInstanceOf(Unauthorized.class);
        assertThatThrownBy(() -> f.service().authenticate(
                new PasswordAuthentication(Ref.byName("nobody", DEFAULT_DOMAIN), f.password(), Optional.empty())))
                .isInstanceOf(Unauthorized.class);
    }

    @StoreTest
    void rejectsAnUnknownProject(StoreEngine engine) throws Exception {
        Fixture f = bootstrap(engine);
        assertThatThrownBy(() -> f.service().authenticate(admin(f.password(), Optional.of(Ref.byName("nope", DEFAULT_DOMAIN)))))
                .isInstanceOf(Unauthorized.class).hasMessageContaining("project");
    }

    @StoreTest
    void rejectsANameWithoutDomain(StoreEngine engine) throws Exception {
        Fixture f = bootstrap(engine);
        assertThatThrownBy(() -> f.service().authenticate(
                new PasswordAuthentication(Ref.byName("admin", null), f.password(), Optional.empty())))
                .isInstanceOf(BadRequest.class).hasMessageContaining("domain");
    }

    @StoreTest
    void tokensExpireOnTheInjectedClock(StoreEngine engine) throws Exception {
        Fixture f = bootstrap(engine);
        IssuedToken token = f.service().authenticate(admin(f.password(), Optional.empty()));
        clock.advance(Duration.ofMinutes(59));
        assertThat(f.service().authenticateToken(token.value()).user().name()).isEqualTo("admin");
        clock.advance(Duration.ofMinutes(1));
        assertThatThrownBy(() -> f.service().authenticateToken(token.value())).isInstanceOf(Unauthorized.class);
        assertThatThrownBy(() -> f.service().validateSubject(token.value())).isInstanceOf(NotFound.class);
        clock.advance(Duration.ofMillis(1));
        assertThat(f.service().purgeExpiredTokens(10)).isEqualTo(1);
    }

    @StoreTest
    void revokedTokensNoLongerValidate(StoreEngine engine) throws Exception {
        Fixture f = bootstrap(engine);
        IssuedToken token = f.service().authenticate(admin(f.password(), Optional.empty()));
        IssuedToken other = f.service().authenticate(admin(f.password(), Optional.empty()));
        f.service().revoke(token.value());
        assertThatThrownBy(() -> f.service().authenticateToken(token.value())).isInstanceOf(Unauthorized.class);
        assertThatThrownBy(() -> f.service().revoke(token.value())).isInstanceOf(NotFound.class);
        assertThat(f.service().authenticateToken(other.value()).auditId()).isEqualTo(other.context().auditId());
    }

    @StoreTest
    void aRevokedTokenFailsAtOnceEvenAfterItWasCached(StoreEngine engine) throws Exception {
        Fixture f = bootstrap(engine);
        IssuedToken token = f.service().authenticate(admin(f.password(), Optional.empty()));
        assertThat(f.service().authenticateToken(token.value()).auditId()).isEqualTo(token.context().auditId());
        assertThat(f.service().authenticateToken(token.value()).auditId()).isEqualTo(token.context().auditId());

        f.service().revoke(token.value());

        assertThatThrownBy(() -> f.service().authenticateToken(token.value())).isInstanceOf(Unauthorized.class);
        assertThatThrownBy(() -> f.service().validateSubject(token.value())).isInstanceOf(NotFound.class);
    }

    @StoreTest
    void aValidatedTokenIsServedFromMemoryForTheCacheTtlOnly(StoreEngine engine) throws Exception {
        Fixture f = bootstrap(engine);
        IssuedToken token = f.service().authenticate(admin(f.password(), Optional.empty()));
        f.service().authenticateToken(token.value());
        // Removed behind the service's back (as another process on the store could): the cache still
        // answers, which proves the hit does not read the store, until its TTL has passed.
        f.db().jdbi().useHandle(h -> h.createUpdate("DELETE FROM tokens").execute());
        clock.advance(IdentityService.TOKEN_CACHE_TTL.minusMillis(1));
        assertThat(f.service().authenticateToken(token.value()).user().name()).isEqualTo("admin");
        clock.advance(Duration.ofMillis(1));
        assertThatThrownBy(() -> f.service().authenticateToken(token.value())).isInstanceOf(Unauthorized.class);
    }
}
