package org.iokit4j.kernel.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.iokit4j.kernel.internal.ddplist.NSArray;
import org.iokit4j.kernel.internal.ddplist.NSDictionary;
import org.iokit4j.kernel.internal.ddplist.NSObject;
import org.iokit4j.kernel.internal.ddplist.NSString;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the bundle loader does with property lists that are hostile rather than merely wrong (issue 8: fuzzing):
 * every one is a {@link BundleException} naming the rule, found in bounded time and memory. The files are the
 * regression corpus of {@link BundlePlistFuzzTest}.
 */
@Timeout(30)
class PlistLimitsTest {
    private static final String CORPUS = "org/iokit4j/kernel/bundle/BundlePlistFuzzTestInputs/infoPlist/";

    private final ClassLoader loader = getClass().getClassLoader();

    private BundleException failure(String file) {
        try {
            BundleLoader.loadFrom(CORPUS + file, loader);
        } catch (BundleException e) {
            return e;
        }
        throw new AssertionError(file + " loaded, but it should not have");
    }

    @Test
    void shouldRefuseAnAsciiPlistNestedTooDeeplyForTheParserInsteadOfOverflowingTheStack() {
        // issue 8: 50,000 nested "(" made dd-plist's recursive parser throw StackOverflowError out of the loader
        assertThat(failure("ascii-nested-50000-deep.plist").problem())
                .isEqualTo("the file is not a valid property list (it nests arrays or dictionaries too deeply to"
                        + " parse; a property list nests at most 100); Apple's XML format starts with <?xml …?>,"
                        + " the plist DOCTYPE and <plist version=\"1.0\">");
    }

    @Test
    void shouldRefuseSharedReferencesThatExpandPastTheValueLimitInsteadOfRunningOutOfMemory() {
        // issue 8: 203 bytes of binary plist, 25 arrays each holding the next one twice, expanded to 2^25 values
        // (an OutOfMemoryError after a minute with a 1 GiB heap)
        assertThat(failure("binary-shared-references-expand-to-2pow25.bplist").problem())
                .startsWith("value[\"k\"][0][0]")
                .endsWith("is past the 100000th value: a property list expands to at most 100000 values (a binary"
                        + " plist's shared references count each time they are reached)");
    }

    @Test
    void shouldRefuseABinaryArrayDeclaringMoreElementsThanTheFileHoldsBeforeAllocatingIt() {
        // issue 8, found by the fuzzer: a 211-byte binary plist whose array declares 312,611,603 elements made
        // dd-plist allocate 1.2 GB for them (OutOfMemoryError with a 1 GiB heap)
        assertThat(failure("binary-array-declaring-312-million-elements.bplist").problem())
                .startsWith("the file is not a valid property list (the binary plist's array at offset 60 declares"
                        + " count=312611603 elements of 1 byte(s), but only ");
    }

    @Test
    void shouldRefuseTheNullObjectOfABinaryPlistInsteadOfThrowingNullPointerException() {
        // issue 8: a binary plist's null object (marker 0x00) inside an array escaped as NullPointerException
        assertThat(failure("binary-null-object-in-array.bplist").problem())
                .isEqualTo("value[\"k\"][0] is null (a binary plist's null object), which is not a property-list"
                        + " type IOKit keeps");
    }

    @Test
    void shouldConvertNestingUpToTheLimitAndRefuseOneLevelMore() {
        // issue 8: one depth limit for every format (dd-plist's XML parser already stops at element depth 100)
        assertThat(PlistValues.toJava(nested(PlistValues.MAX_DEPTH))).isInstanceOf(List.class);
        assertThatThrownBy(() -> PlistValues.toJava(nested(PlistValues.MAX_DEPTH + 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("is nested 101 dictionaries and arrays deep: a property list nests at most 100");
    }

    @Test
    void shouldCountASharedValueEachTimeItIsReached() {
        // issue 8: an in-memory DAG of 30 levels would expand to 2^30 values
        NSObject shared = new NSString("leaf");
        for (int i = 0; i < 30; i++) {
            shared = new NSArray(shared, shared);
        }
        NSDictionary root = new NSDictionary();
        root.put("k", shared);

        assertThatThrownBy(() -> PlistValues.toMap(root))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is past the 100000th value");
        NSDictionary small = new NSDictionary();
        small.put("k", new NSArray(new NSString("a"), new NSString("a")));
        assertThat(PlistValues.toMap(small)).isEqualTo(Map.of("k", List.of("a", "a")));
    }

    private static NSObject nested(int depth) {
        NSObject value = new NSArray(0);
        for (int i = 1; i < depth; i++) {
            value = new NSArray(value);
        }
        return value;
    }
}
