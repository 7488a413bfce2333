package org.iokit4j.kernel.userclient;

/**
 * The kernel object behind {@code IOMainPort}: the IOKit main device port. A send right to it is not a wake port
 * (contract.md decided point 2), and {@link AsyncRequestRules} says so when one is passed as such.
 */
public final class MainPort {
    /** Creates the kernel's main port object. */
    public MainPort() {
    }

    @Override
    public String toString() {
        return "IOKit main port";
    }
}
