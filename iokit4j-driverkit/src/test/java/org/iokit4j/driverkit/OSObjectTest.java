package org.iokit4j.driverkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** OSObject lifetimes: free() once, after the last release() (contract.md "More of the DriverKit runtime"). */
class OSObjectTest {

    static final class Counted extends OSObject {
        final AtomicInteger inits = new AtomicInteger();
        final AtomicInteger frees = new AtomicInteger();

        @Override
        public boolean init() {
            inits.incrementAndGet();
            return super.init();
        }

        @Override
        public void free() {
            frees.incrementAndGet();
            super.free();
        }
    }

    @Test
    void shouldFreeOnceAfterTheLastRelease() { // contract.md: "free() runs after the last release()"
        final Counted object = new Counted();
        object.retain();
        object.release();
        assertThat(object.frees).hasValue(0);

        object.release();

        assertThat(object.frees).hasValue(1);
        assertThat(object.isFreed()).isTrue();
        assertThat(object.getRetainCount()).isZero();
    }

    @Test
    void shouldExplainAnOverReleaseAndNotFreeTwice() { // issue 5 bad input: releasing twice
        final Counted object = new Counted();
        object.release();

        assertThatThrownBy(object::release).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("release() more often than retain()");
        assertThat(object.frees).hasValue(1);
    }

    @Test
    void shouldRefuseToRetainAFreedObject() { // contract.md: an object is never used after free()
        final Counted object = new Counted();
        object.release();
        assertThatThrownBy(object::retain).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("after the object was freed");
    }

    @Test
    void shouldTakeAHoldOnlyOnALiveObject() { // issue 8 race 9: the runtime's hold on a user client it calls
        final Counted object = new Counted();
        assertThat(object.tryRetain()).isTrue();
        object.release();
        assertThat(object.frees).as("the hold kept it alive").hasValue(0);
        object.release();

        assertThat(object.tryRetain()).as("freed: no hold, no resurrection").isFalse();
        assertThat(object.getRetainCount()).isZero();
        assertThat(object.frees).hasValue(1);
    }
}
