package org.kvmstack.cloud.store.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Marks a test that runs once per store engine (SQLite, PostgreSQL); the method takes a
 * {@link StoreEngine} and calls {@link StoreEngine#open()} for a fresh store.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@ArgumentsSource(BothEngines.class)
public @interface StoreTest {}
