package dev.itsm.devstack;

import java.nio.file.Path;
import java.util.List;

/** A parent JVM that starts one {@link TestingChildMain}, prints the child's pid, and waits to be killed. */
public final class TestingParentMain {
    private TestingParentMain() {}

    public static void main(String[] args) throws InterruptedException {
        ChildJvm child = new ChildJvm("testing-child", TestingChildMain.class.getName(), ChildJvmTest.SMALL_JVM,
                List.of(), Path.of(args[0]));
        child.start();
        System.out.println("child-pid=" + child.pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
