package org.iokit4j.kernel.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.kernel.registry.RegistryIterator.kIORegistryIterateParents;
import static org.iokit4j.kernel.registry.RegistryIterator.kIORegistryIterateRecursively;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Registry walks, as XNU's {@code IORegistryIterator} walks (iokit/Kernel/IORegistryEntry.cpp:
 * {@code getNextObjectFlat}, {@code getNextObjectRecursive}, {@code enterEntry}, {@code exitEntry}, {@code reset},
 * {@code isValid}).
 *
 * <p>The tree: Root → IOResources, IOUserResources → A → A1, A2; IOUserResources → B → B1.
 */
class RegistryIteratorTest {
    private final TestRegistry test = new TestRegistry();
    private final RegistryEntry a = test.add(test.userResources(), "A");
    private final RegistryEntry a1 = test.add(a, "A1");
    private final RegistryEntry a2 = test.add(a, "A2");
    private final RegistryEntry b = test.add(test.userResources(), "B");
    private final RegistryEntry b1 = test.add(b, "B1");

    private static List<String> drain(RegistryIterator walk) {
        final List<String> names = new ArrayList<>();
        for (RegistryEntry next = walk.next(); next != null; next = walk.next()) {
            names.add(next.name());
        }
        return names;
    }

    @Test
    void shouldWalkEverythingBelowTheRootDepthFirstEachBeforeItsChildren() { // XNU getNextObjectRecursive
        final RegistryIterator walk = new RegistryIterator(test.root(), kIORegistryIterateRecursively);
        assertThat(drain(walk)).containsExactly("IOResources", "IOUserResources", "A", "A1", "A2", "B", "B1");
        assertThat(walk.next()).as("and stays at its end").isNull();
        assertThat(walk.isValid()).isTrue();
    }

    @Test
    void shouldWalkOneLevelAndEnterAndExitEntriesOnRequest() { // XNU getNextObjectFlat, enterEntry, exitEntry
        final RegistryIterator walk = new RegistryIterator(test.userResources(), 0);
        assertThat(walk.next()).isSameAs(a);
        walk.enterEntry();
        assertThat(walk.next()).isSameAs(a1);
        assertThat(walk.next()).isSameAs(a2);
        assertThat(walk.next()).as("the end of A's level").isNull();
        assertThat(walk.exitEntry()).isTrue();
        assertThat(walk.next()).as("on after A").isSameAs(b);
        assertThat(walk.next()).isNull();
        assertThat(walk.exitEntry()).as("the level it started at: nothing to exit").isFalse();
    }

    @Test
    void shouldReproduceTheRecursiveOrderWithEnterAndExit() { // ioreg's walk: enter after every entry
        final RegistryIterator walk = new RegistryIterator(test.root(), 0);
        final List<String> seen = new ArrayList<>();
        int depth = 0;
        while (true) {
            final RegistryEntry next = walk.next();
            if (next != null) {
                seen.add(depth + ":" + next.name());
                walk.enterEntry();
                depth++;
            } else if (walk.exitEntry()) {
                depth--;
            } else {
                break;
            }
        }
        assertThat(seen).containsExactly("0:IOResources", "0:IOUserResources", "1:A", "2:A1", "2:A2", "1:B", "2:B1");
    }

    @Test
    void shouldWalkParentsUpToTheRoot() { // kIORegistryIterateParents: the parent links instead of the children
        assertThat(drain(new RegistryIterator(a1, kIORegistryIterateRecursively | kIORegistryIterateParents)))
                .containsExactly("A", "IOUserResources", "Root");
        assertThat(drain(new RegistryIterator(a1, kIORegistryIterateParents))).containsExactly("A");
        assertThat(drain(new RegistryIterator(test.root(), kIORegistryIterateParents))).isEmpty();
    }

    @Test
    void shouldBecomeInvalidWhenTheLevelsLinksChangeUntilReset() { // XNU OSCollectionIterator + isValid + reset
        final RegistryIterator walk = new RegistryIterator(test.userResources(), 0);
        assertThat(walk.next()).isSameAs(a);
        final RegistryEntry c = test.add(test.userResources(), "C");
        assertThat(walk.isValid()).as("the level's links moved").isFalse();
        assertThat(walk.next()).as("an invalid level answers nothing").isNull();
        assertThat(walk.isValid()).isFalse();
        walk.reset();
        assertThat(walk.isValid()).isTrue();
        assertThat(drain(walk)).containsExactly("A", "B", "C");
        assertThat(c.inPlane()).isTrue();
    }

    @Test
    void shouldFinishTheOuterLevelsButEnterNoMoreOnceInvalid() { // XNU: the invalid flag stops new levels only
        final RegistryIterator walk = new RegistryIterator(test.userResources(), kIORegistryIterateRecursively);
        assertThat(walk.next()).isSameAs(a);
        assertThat(walk.next()).isSameAs(a1);
        test.registry.unregister(a2); // A's links change under the level that walks them
        assertThat(walk.next()).as("A's level ends; B, its sibling, follows").isSameAs(b);
        assertThat(walk.isValid()).isFalse();
        assertThat(walk.next()).as("B is not entered: the walk is invalid").isNull();
        walk.reset();
        assertThat(drain(walk)).containsExactly("A", "A1", "B", "B1");
    }

    @Test
    void shouldIterateTheLastEntrysChildrenAfterAnExitAtTheBottomLevel() {
        // XNU exitEntry at &start drops the level's iterator but keeps where->current: the next getNextObjectFlat
        // makes an iterator over the links of the entry returned last
        final RegistryIterator walk = new RegistryIterator(test.userResources(), 0);
        assertThat(walk.next()).isSameAs(a);
        assertThat(walk.exitEntry()).isFalse();
        assertThat(drain(walk)).containsExactly("A1", "A2");
    }

    @Test
    void shouldEnterTheRootAgainWhenEnteringBeforeTheFirstNext() { // XNU enterEntry: current is the root
        final RegistryIterator walk = new RegistryIterator(test.userResources(), 0);
        walk.enterEntry();
        assertThat(drain(walk)).containsExactly("A", "B");
        assertThat(walk.exitEntry()).isTrue();
        assertThat(drain(walk)).containsExactly("A", "B");
    }

    @Test
    void shouldSayNothingForAnEntryWithoutChildren() { // XNU: no link array, no level iterator
        final RegistryIterator walk = new RegistryIterator(b1, kIORegistryIterateRecursively);
        assertThat(walk.next()).isNull();
        assertThat(walk.isValid()).isTrue();
    }
}
