package dev.itsm.devstack;

/**
 * A child that does nothing but what every devstack child does: watch its lifeline. Prints its first argument, then
 * sleeps; exits with the second argument as code right away if one is given.
 */
public final class TestingChildMain {
    private TestingChildMain() {}

    public static void main(String[] args) throws InterruptedException {
        ParentWatch.exitWhenParentDies();
        System.out.println(args.length > 0 ? args[0] : "started");
        if (args.length > 1) {
            System.exit(Integer.parseInt(args[1]));
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
