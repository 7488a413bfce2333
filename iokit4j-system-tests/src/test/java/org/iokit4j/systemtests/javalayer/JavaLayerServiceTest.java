package org.iokit4j.systemtests.javalayer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.iokit4j.IOReturn;
import org.iokit4j.IOReturnException;
import org.iokit4j.client.Connection;
import org.iokit4j.client.IOKit;
import org.iokit4j.client.Service;
import org.iokit4j.kernel.Kernel;
import org.iokit4j.systemtests.EchoKernel;
import org.junit.jupiter.api.Test;

/** Finding and opening services through the Java layer (apple-semantics.md §9; contract.md §4, §5). */
class JavaLayerServiceTest {

    @Test
    void shouldConnectByNameAsTheCurrentTask() { // issue 2 item 6: IOKit's shortest path to a call
        try (EchoKernel echo = new EchoKernel()) {
            final long sum = echo.call(() -> {
                try (Connection connection = IOKit.connect(EchoKernel.DRIVER)) {
                    return connection.call(org.iokit4j.systemtests.echo.EchoUserClient.kSum).scalars(40, 2)
                            .scalarOutputs(1).invoke().scalar(0);
                }
            });
            assertThat(sum).isEqualTo(42);
            assertThatThrownBy(() -> echo.run(() -> IOKit.connect("com.example.NoSuchDriver")))
                    .isInstanceOf(IOReturnException.class)
                    .hasMessageContaining("kIOReturnNotFound")
                    .hasMessageContaining("com.example.NoSuchDriver");
        }
    }

    @Test
    void shouldFindTheServiceAndReadItsNamePropertiesAndID() { // apple-semantics.md §9
        try (EchoKernel echo = new EchoKernel()) {
            final int names = echo.names();
            try (Service service = echo.iokit().service(IOKit.nameMatching(EchoKernel.DRIVER)).orElseThrow()) {
                assertThat(service.name()).isEqualTo(EchoKernel.DRIVER);
                assertThat(service.property("EchoColour")).isEqualTo("blue");
                assertThat(service.property("NoSuchKey")).isNull();
                assertThat(service.registryEntryID()).isNotZero();
            }
            final List<Service> all = echo.iokit().services(IOKit.classMatching("IOUserService"));
            assertThat(all).hasSize(1);
            all.forEach(Service::close);
            assertThat(echo.iokit().services(IOKit.classMatching("IOUSBHostDevice"))).isEmpty();
            assertThat(echo.names()).isEqualTo(names);
        }
    }

    @Test
    void shouldThrowNotFoundWhenNothingMatches() { // apple-semantics.md §9: IO_OBJECT_NULL, explained
        try (EchoKernel echo = new EchoKernel()) {
            assertThatThrownBy(() -> echo.iokit().open(IOKit.nameMatching("NoSuchDriver")))
                    .isInstanceOfSatisfying(IOReturnException.class,
                            e -> assertThat(e.code()).isEqualTo(IOReturn.kIOReturnNotFound))
                    .hasMessageContaining("NoSuchDriver");
        }
    }

    @Test
    void shouldThrowTheDriversCodeWhenNewUserClientRefuses() { // apple-semantics.md §9 newUserClient
        try (EchoKernel echo = new EchoKernel()) {
            final int names = echo.names();
            assertThatThrownBy(() -> echo.iokit().open(IOKit.nameMatching(EchoKernel.DRIVER), 99))
                    .isInstanceOfSatisfying(IOReturnException.class,
                            e -> assertThat(e.code()).isEqualTo(IOReturn.kIOReturnNoResources))
                    .hasMessageContaining("NewUserClient(type=99)");
            assertThat(echo.names()).isEqualTo(names);
            assertThat(echo.userClients()).isZero();
        }
    }

    @Test
    void shouldThrowNotPermittedNamingTheEntitlementToAdd() { // apple-semantics.md §9 step 5, §10.8
        final Kernel kernel = Kernel.builder().discoverClassPath(false).bundle("bundles/guarded/Info.plist").boot();
        try (EchoKernel echo = new EchoKernel(kernel, Map.of())) {
            assertThatThrownBy(echo::connection)
                    .isInstanceOfSatisfying(IOReturnException.class,
                            e -> assertThat(e.code()).isEqualTo(IOReturn.kIOReturnNotPermitted))
                    .hasMessageContaining("com.apple.developer.driverkit.userclient-access")
                    .hasMessageContaining("org.iokit4j.test.guarded");
            assertThat(echo.userClients()).isZero();
        }
    }

    @Test
    void shouldRefuseAConnectionUsedFromAnotherTask() { // issue 2 item 2: names are per task
        try (EchoKernel echo = new EchoKernel()) {
            final Connection mine = echo.connection();
            final var other = echo.kernel.createTask("other", Map.of());
            final IOKit theirs = IOKit.as(echo.kernel.caller(other));
            try (Service service = theirs.service(IOKit.nameMatching(EchoKernel.DRIVER)).orElseThrow()) {
                assertThat(service.handle()).isNotEqualTo(mine.handle());
            }
            assertThat(echo.kernel.serviceClose(other, mine.handle()).code())
                    .as("the other task cannot close it").isEqualTo(IOReturn.MACH_SEND_INVALID_DEST);
            assertThat(mine.call(0).scalars(40, 2).scalarOutputs(1).invoke().scalar(0)).isEqualTo(42);
        }
    }
}
