package org.iokit4j.ring;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every ring test shares: its own {@code iokit4j.shm.dir} (a temporary directory), and the check that nothing of
 * a ring (mapping, region, file, socket) is left in it after the test ({@link RingTesting#assertNothingLeft}).
 */
abstract class InTemporaryShmDirectory {
    @TempDir
    Path base;

    @BeforeEach
    void inTemporaryBase() {
        System.setProperty("iokit4j.shm.dir", base.toString());
    }

    @AfterEach
    void nothingLeft() throws Exception {
        try {
            RingTesting.assertNothingLeft(base);
        } finally {
            System.clearProperty("iokit4j.shm.dir");
        }
    }
}
