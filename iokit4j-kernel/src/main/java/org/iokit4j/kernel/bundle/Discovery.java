package org.iokit4j.kernel.bundle;

import java.util.List;

/**
 * What a class-path scan found: the bundles that loaded, and why each of the others did not.
 *
 * @param bundles  the bundles that loaded, in class-path order.
 * @param problems one exception per bundle that did not load, in class-path order.
 */
public record Discovery(List<DriverBundle> bundles, List<BundleException> problems) {

    /** Copies both lists; throws {@link NullPointerException} if either, or an element, is null. */
    public Discovery {
        bundles = List.copyOf(bundles);
        problems = List.copyOf(problems);
    }
}
