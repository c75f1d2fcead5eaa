package org.kvmstack.cli;

/** Entry point of the {@code kvmstack} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.err.println("kvmstack: not yet implemented");
        System.exit(2);
    }
}
