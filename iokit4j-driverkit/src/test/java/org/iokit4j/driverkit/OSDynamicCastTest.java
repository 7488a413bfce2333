package org.iokit4j.driverkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.iokit4j.driverkit.OSObject.OSDynamicCast;

import org.junit.jupiter.api.Test;

/** OSDynamicCast: the object as a T, or null (contract.md §7; DriverKit's OSObject.iig, OSMetaClass.h). */
class OSDynamicCastTest {

    @Test
    void shouldCastAlongTheClassChain() { // OSDynamicCast: the object itself when it is a T (or a subclass of T)
        final OSObject array = OSArray.withCapacity(0);
        assertThat(OSDynamicCast(OSArray.class, array)).isSameAs(array);
        assertThat(OSDynamicCast(OSCollection.class, array)).isSameAs(array);
        assertThat(OSDynamicCast(OSContainer.class, array)).isSameAs(array);
        assertThat(OSDynamicCast(OSObject.class, array)).isSameAs(array);
    }

    @Test
    void shouldAnswerNullForAnotherClassOrNull() { // OSDynamicCast: NULL when the object is not a T, or is NULL
        assertThat(OSDynamicCast(OSDictionary.class, OSArray.withCapacity(0))).isNull();
        assertThat(OSDynamicCast(OSContainer.class, new FreeRecorder("plain"))).isNull();
        assertThat(OSDynamicCast(OSString.class, "a Java string is no OSString")).isNull();
        assertThat(OSDynamicCast(OSString.class, null)).isNull();
    }

    @Test
    void shouldExplainAMissingType() { // local misuse throws with name=value (style.md)
        assertThatThrownBy(() -> OSDynamicCast(null, OSArray.withCapacity(0)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("type=null");
    }

    @Test
    void shouldCompareObjectsByIdentityByDefault() { // OSMetaClassBase::isEqualTo: this == anObject
        final FreeRecorder object = new FreeRecorder("a");
        assertThat(object.isEqualTo(object)).isTrue();
        assertThat(object.isEqualTo(new FreeRecorder("a"))).isFalse();
        assertThat(object.isEqualTo(null)).isFalse();
    }
}
