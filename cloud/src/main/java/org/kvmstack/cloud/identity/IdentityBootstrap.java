package org.kvmstack.cloud.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Creates what a fresh cloud needs to be usable: the default domain, the roles {@code admin},
 * {@code member} and {@code reader}, the {@code admin} project and the {@code admin} user with
 * the admin role on it. Idempotent: existing entities are left alone, so a restart never
 * changes the admin password.
 */
public final class IdentityBootstrap {
    public static final String ADMIN_PROJECT = "admin";
    public static final String ADMIN_USER = "admin";

    private final Jdbi jdbi;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final Secrets secrets;

    public IdentityBootstrap(Jdbi jdbi, PasswordHasher hasher, Clock clock, SecureRandom random) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.secrets = new Secrets(Objects.requireNonNull(random, "random"));
    }

    /** What bootstrap did. */
    public record Result(Optional<String> generatedAdminPassword) {
        @Override
        public String toString() {
            return "Result[adminCreated=" + generatedAdminPassword.isPresent() + "]";
        }
    }

    /**
     * Ensures the bootstrap entities exist. When the admin user is created, its generated
     * password is written to {@code passwordFile} (created with mode 0600, refusing to overwrite)
     * and returned once, so the caller can print it.
     *
     * @throws UncheckedIOException when the password file cannot be written; nothing is committed then
     */
    public Result run(Path passwordFile) {
        return jdbi.inTransaction(handle -> {
            long now = clock.millis();
            Domains domains = handle.attach(Domains.class);
            if (domains.byId(Domain.DEFAULT_ID).isEmpty()) {
                domains.insert(new Domain(Domain.DEFAULT_ID, Domain.DEFAULT_NAME, true));
            }
            Role admin = ensureRole(handle, Role.ADMIN);
            ensureRole(handle, Role.MEMBER);
            ensureRole(handle, Role.READER);
            Projects projects = handle.attach(Projects.class);
            Project project = projects.byName(Domain.DEFAULT_ID, ADMIN_PROJECT).orElseGet(() -> {
                Project p = new Project(newId(), Domain.DEFAULT_ID, ADMIN_PROJECT, "Bootstrap project for initializing the cloud.", true);
                projects.insert(p, now);
                return p;
            });
            Users users = handle.attach(Users.class);
            if (users.byName(Domain.DEFAULT_ID, ADMIN_USER).isPresent()) {
                return new Result(Optional.empty());
            }
            String password = secrets.newPassword();
            User user = new User(newId(), Domain.DEFAULT_ID, ADMIN_USER, true, project.id());
            users.insert(user, hasher.hash(password), now);
            handle.attach(Roles.class).assign(user.id(), project.id(), admin.id());
            // Written inside the transaction: if the file cannot be written, the user is not created
            // and the next start tries again, so a password is never lost.
            writeSecretFile(passwordFile, password);
            return new Result(Optional.of(password));
        });
    }

    private static Role ensureRole(Handle handle, String name) {
        Roles roles = handle.attach(Roles.class);
        return roles.byName(name).orElseGet(() -> {
            Role role = new Role(newId(), name);
            roles.insert(role);
            return role;
        });
    }

    private static String newId() {
        // Keystone ids are 32 hex characters (a UUID without dashes).
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static void writeSecretFile(Path file, String secret) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, secret + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            throw new UncheckedIOException("the admin password file " + file + " already exists but there is no admin user;"
                    + " move the file away (it belongs to an older database) and start again", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the admin password to " + file + ": " + e.getMessage(), e);
        }
    }
}
