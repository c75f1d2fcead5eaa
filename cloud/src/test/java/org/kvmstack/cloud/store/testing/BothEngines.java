package org.kvmstack.cloud.store.testing;

import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.ParameterDeclarations;
import org.kvmstack.cloud.store.Database;

/**
 * Supplies a {@link StoreEngine} for SQLite and for PostgreSQL. The engines' resources (temp
 * directory, PostgreSQL server) live in the root context's store: created once per test run,
 * closed when the run ends.
 */
final class BothEngines implements ArgumentsProvider {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(BothEngines.class);

    @Override
    public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        return Stream.of(Database.Engine.values()).map(e -> Arguments.of(new StoreEngine(e, store)));
    }
}
