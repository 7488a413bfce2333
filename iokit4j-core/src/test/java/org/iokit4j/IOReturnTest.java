package org.iokit4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** IOReturn codes and their names (apple-semantics.md §8, §1). */
class IOReturnTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "kIOReturnSuccess, 0x00000000", "kIOReturnError, 0xE00002BC", "kIOReturnNoMemory, 0xE00002BD",
        "kIOReturnNoResources, 0xE00002BE", "kIOReturnIPCError, 0xE00002BF", "kIOReturnNoDevice, 0xE00002C0",
        "kIOReturnNotPrivileged, 0xE00002C1", "kIOReturnBadArgument, 0xE00002C2",
        "kIOReturnLockedRead, 0xE00002C3", "kIOReturnLockedWrite, 0xE00002C4",
        "kIOReturnExclusiveAccess, 0xE00002C5", "kIOReturnBadMessageID, 0xE00002C6",
        "kIOReturnUnsupported, 0xE00002C7", "kIOReturnVMError, 0xE00002C8", "kIOReturnInternalError, 0xE00002C9",
        "kIOReturnIOError, 0xE00002CA", "kIOReturnCannotLock, 0xE00002CC", "kIOReturnNotOpen, 0xE00002CD",
        "kIOReturnNotReadable, 0xE00002CE", "kIOReturnNotWritable, 0xE00002CF", "kIOReturnNotAligned, 0xE00002D0",
        "kIOReturnBadMedia, 0xE00002D1", "kIOReturnStillOpen, 0xE00002D2", "kIOReturnRLDError, 0xE00002D3",
        "kIOReturnDMAError, 0xE00002D4", "kIOReturnBusy, 0xE00002D5", "kIOReturnTimeout, 0xE00002D6",
        "kIOReturnOffline, 0xE00002D7", "kIOReturnNotReady, 0xE00002D8", "kIOReturnNotAttached, 0xE00002D9",
        "kIOReturnNoChannels, 0xE00002DA", "kIOReturnNoSpace, 0xE00002DB", "kIOReturnPortExists, 0xE00002DD",
        "kIOReturnCannotWire, 0xE00002DE", "kIOReturnNoInterrupt, 0xE00002DF", "kIOReturnNoFrames, 0xE00002E0",
        "kIOReturnMessageTooLarge, 0xE00002E1", "kIOReturnNotPermitted, 0xE00002E2",
        "kIOReturnNoPower, 0xE00002E3", "kIOReturnNoMedia, 0xE00002E4", "kIOReturnUnformattedMedia, 0xE00002E5",
        "kIOReturnUnsupportedMode, 0xE00002E6", "kIOReturnUnderrun, 0xE00002E7", "kIOReturnOverrun, 0xE00002E8",
        "kIOReturnDeviceError, 0xE00002E9", "kIOReturnNoCompletion, 0xE00002EA", "kIOReturnAborted, 0xE00002EB",
        "kIOReturnNoBandwidth, 0xE00002EC", "kIOReturnNotResponding, 0xE00002ED",
        "kIOReturnIsoTooOld, 0xE00002EE", "kIOReturnIsoTooNew, 0xE00002EF", "kIOReturnNotFound, 0xE00002F0",
        "kIOReturnInvalid, 0xE0000001",
        // §1: the Mach and MIG codes a caller sees in the same return value
        "MACH_SEND_INVALID_DEST, 0x10000003", "MACH_SEND_TIMED_OUT, 0x10000004",
        "MACH_SEND_NO_BUFFER, 0x1000000D",
        "MACH_SEND_INVALID_RIGHT, 0x1000000A", "MIG_ARRAY_TOO_LARGE, 0xFFFFFECD",
    })
    void shouldHaveAppleValueAndNameForEveryDocumentedCode(String name, String hex) throws Exception {
        // apple-semantics.md §8 (and §1 for Mach/MIG)
        final int expected = Integer.parseUnsignedInt(hex.substring(2), 16);
        assertThat(IOReturn.class.getField(name).getInt(null)).isEqualTo(expected);
        assertThat(IOReturn.name(expected)).isEqualTo(name);
        assertThat(IOReturn.describe(expected)).isEqualTo(name + " (" + hex + ")");
    }

    @Test
    void shouldComposeEveryCommonCodeFromSysIokit() throws Exception { // apple-semantics.md §8 composition
        int codes = 0;
        for (Field field : IOReturn.class.getFields()) {
            if (field.getName().startsWith("kIOReturn") && !field.getName().equals("kIOReturnSuccess")) {
                assertThat(field.getInt(null) & 0xFFFFC000).as(field.getName()).isEqualTo(0xE0000000);
                codes++;
            }
        }
        assertThat(codes).as("as many common codes as §8 lists").isEqualTo(52);
        assertThat(IOReturn.kIOReturnBadArgument).as("signed view").isEqualTo(-536870206);
        assertThat(IOReturn.MIG_ARRAY_TOO_LARGE).isEqualTo(-307);
    }

    @Test
    void shouldGiveEveryConstantItsOwnValue() throws Exception { // apple-semantics.md §8: name() is a function
        final List<Field> constants = Arrays.stream(IOReturn.class.getFields())
                .filter(f -> f.getType() == int.class && Modifier.isStatic(f.getModifiers())).toList();
        final Set<Integer> values = new HashSet<>();
        for (Field field : constants) {
            assertThat(values.add(field.getInt(null))).as("%s is unique", field.getName()).isTrue();
            assertThat(IOReturn.name(field.getInt(null))).isEqualTo(field.getName());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0xE00002CB, 0xE00002DC, 0xE00002F1, 0xE0004000, -1, 1})
    void shouldPrintAnUnknownCodeAsHex(int code) { // apple-semantics.md §8: 0x2CB, 0x2DC unassigned
        final String hex = String.format("0x%08X", code);
        assertThat(IOReturn.name(code)).isEqualTo(hex);
        assertThat(IOReturn.describe(code)).isEqualTo(hex + " (" + hex + ")");
    }

    @Test
    void shouldPrintKernReturnCodesByName() { // apple-semantics.md §1: deallocate's answers
        assertThat(IOReturn.name(IOReturn.KERN_INVALID_NAME)).isEqualTo("KERN_INVALID_NAME");
        assertThat(IOReturn.describe(IOReturn.KERN_INVALID_RIGHT)).isEqualTo("KERN_INVALID_RIGHT (0x00000011)");
    }
}
