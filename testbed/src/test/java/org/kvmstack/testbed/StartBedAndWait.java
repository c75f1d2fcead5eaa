package org.kvmstack.testbed;

/** Run in a child JVM by {@link StaleBedIT}: starts a one-host bed, prints its directory, then waits to be killed. */
public final class StartBedAndWait {
    private StartBedAndWait() {
    }

    public static void main(String[] args) throws InterruptedException {
        TestBed bed = TestBed.start(1);
        System.out.println("BED " + bed.stateDir());
        System.out.flush();
        Thread.sleep(120_000); // bounded: the test kills us long before this
        bed.close();
    }
}
