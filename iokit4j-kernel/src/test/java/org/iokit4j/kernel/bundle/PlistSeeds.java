package org.iokit4j.kernel.bundle;

import org.iokit4j.kernel.internal.ddplist.BinaryPropertyListWriter;
import org.iokit4j.kernel.internal.ddplist.NSArray;
import org.iokit4j.kernel.internal.ddplist.NSDictionary;
import org.iokit4j.kernel.internal.ddplist.NSObject;
import org.iokit4j.kernel.internal.ddplist.PropertyListParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Seeds for {@link BundlePlistFuzzTest}: test-resource property lists as they are, and each one dd-plist can
 * parse also written in the binary ({@code bplist00}), OpenStep ASCII and GNUstep ASCII formats, so the fuzzer
 * starts inside every parser the loader can reach.
 *
 * <p><b>Concurrency.</b> Stateless.
 */
final class PlistSeeds {
    private PlistSeeds() {
    }

    /** {@return the class-path resources {@code resources} as they are, each one a named seed} */
    static Stream<Arguments> asIs(String... resources) {
        return Stream.of(resources).map(resource -> seed(resource, resource(resource)));
    }

    /** {@return the well-formed class-path resources {@code resources} as they are and in the three other formats} */
    static Stream<Arguments> inEveryFormat(String... resources) {
        final List<Arguments> seeds = new ArrayList<>();
        for (String resource : resources) {
            final byte[] xml = resource(resource);
            final NSObject root;
            try {
                root = PropertyListParser.parse(xml);
                seeds.add(seed(resource + " (binary)", BinaryPropertyListWriter.writeToArray(root)));
            } catch (Exception e) {
                throw new IllegalStateException("the seed " + resource + " is not a well-formed property list", e);
            }
            seeds.add(seed(resource, xml));
            final String ascii = root instanceof NSDictionary d ? d.toASCIIPropertyList()
                    : ((NSArray) root).toASCIIPropertyList();
            final String gnuStep = root instanceof NSDictionary d ? d.toGnuStepASCIIPropertyList()
                    : ((NSArray) root).toGnuStepASCIIPropertyList();
            seeds.add(seed(resource + " (ASCII)", ascii.getBytes(StandardCharsets.UTF_8)));
            seeds.add(seed(resource + " (GNUstep)", gnuStep.getBytes(StandardCharsets.UTF_8)));
        }
        return seeds.stream();
    }

    /** {@return the bytes of the class-path resource {@code name}} */
    static byte[] resource(String name) {
        try (InputStream in = PlistSeeds.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Arguments seed(String name, byte[] bytes) {
        return Arguments.of(Named.of(name, bytes));
    }
}
