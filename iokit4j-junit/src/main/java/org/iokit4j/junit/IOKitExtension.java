package org.iokit4j.junit;

import java.lang.reflect.Method;
import java.util.Map;
import org.iokit4j.Diagnostics;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit Jupiter extension behind {@link IOKitTest}: boots the kernels, runs the tests as tasks of them, injects
 * parameters ({@link Parameters}), and adds a {@link KernelReport} to every failure.
 *
 * <p>Per test method ({@link IOKitTest.Lifecycle#PER_METHOD}): a kernel is booted before the method's
 * {@code @BeforeEach} methods and closed after its {@code @AfterEach} methods. Per class: before the
 * {@code @BeforeAll} methods, and after the {@code @AfterAll} methods. Either way each test method runs as a task of its
 * own, created before its {@code @BeforeEach} methods and terminated (its connections and port closed first) after its
 * {@code @AfterEach} methods. The thread's {@link Diagnostics#lastFailure()} is cleared when a test's task is made, so a
 * failure's report names what failed in that test.
 *
 * <p><b>Concurrency.</b> Stateless: everything lives in the test's {@link ExtensionContext.Store}, so tests may run in
 * parallel, each with its kernel.
 */
public final class IOKitExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, InvocationInterceptor, ParameterResolver, TestExecutionExceptionHandler,
        LifecycleMethodExecutionExceptionHandler {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(IOKitExtension.class);
    private static final String SESSION = "session";
    private static final String TASK = "task";

    /** Created by JUnit for {@link IOKitTest}. */
    public IOKitExtension() {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        final Setup setup = setup(context);
        if (setup.lifecycle() == IOKitTest.Lifecycle.PER_CLASS) {
            final KernelSession session = KernelSession.boot(setup, setup.name());
            store(context).put(SESSION, session);
            store(context).put(TASK, session.newTask(setup.name() + ".class"));
            Diagnostics.clearLastFailure();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close(context, TASK);
        close(context, SESSION);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        final Setup setup = setup(context);
        final String test = context.getRequiredTestMethod().getName();
        KernelSession session = store(context).get(SESSION, KernelSession.class);
        if (setup.lifecycle() == IOKitTest.Lifecycle.PER_METHOD || session == null) {
            session = KernelSession.boot(setup, setup.name() + "." + test);
            store(context).put(SESSION, session);
        }
        store(context).put(TASK, session.newTask("test." + test));
        Diagnostics.clearLastFailure(); // the report names this test's last failure, not an earlier test's
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close(context, TASK);
        close(context, SESSION); // only a per-method session is in the method's own store
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext context) throws Throwable {
        proceedAsTask(invocation, context);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
                                            ReflectiveInvocationContext<Method> invocationContext,
                                            ExtensionContext context) throws Throwable {
        proceedAsTask(invocation, context);
    }

    @Override
    public void interceptBeforeEachMethod(Invocation<Void> invocation,
                                          ReflectiveInvocationContext<Method> invocationContext,
                                          ExtensionContext context) throws Throwable {
        proceedAsTask(invocation, context);
    }

    @Override
    public void interceptAfterEachMethod(Invocation<Void> invocation,
                                         ReflectiveInvocationContext<Method> invocationContext,
                                         ExtensionContext context) throws Throwable {
        proceedAsTask(invocation, context);
    }

    @Override
    public void interceptBeforeAllMethod(Invocation<Void> invocation,
                                         ReflectiveInvocationContext<Method> invocationContext,
                                         ExtensionContext context) throws Throwable {
        proceedAsTask(invocation, context);
    }

    @Override
    public void interceptAfterAllMethod(Invocation<Void> invocation,
                                        ReflectiveInvocationContext<Method> invocationContext,
                                        ExtensionContext context) throws Throwable {
        proceedAsTask(invocation, context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return Parameters.supports(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        final TestTask task = store(context).get(TASK, TestTask.class);
        if (task == null) {
            throw new ParameterResolutionException(Parameters.describe(parameter) + ": there is no iokit4j kernel"
                    + " here. With lifecycle = PER_METHOD (the default) kernels exist for test methods and their"
                    + " @BeforeEach/@AfterEach methods; use @IOKitTest(lifecycle = PER_CLASS) to inject into"
                    + " @BeforeAll/@AfterAll methods (constructors get none)");
        }
        return Parameters.resolve(parameter, task);
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw report(context, throwable);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw report(context, throwable);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw report(context, throwable);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw report(context, throwable);
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw report(context, throwable);
    }

    /** Adds what the kernel knew to {@code failure} (suppressed, and as a report entry); returns the failure itself. */
    private static Throwable report(ExtensionContext context, Throwable failure) {
        final KernelSession session = store(context).get(SESSION, KernelSession.class);
        if (session == null) {
            return failure;
        }
        try {
            final String text = KernelReport.text(session, store(context).get(TASK, TestTask.class));
            failure.addSuppressed(new KernelReport(text));
            context.publishReportEntry(Map.of(KernelReport.REPORT_KEY, text));
        } catch (RuntimeException reportFailed) { // the report must never hide the failure it is about
            failure.addSuppressed(reportFailed);
        }
        return failure;
    }

    private static void proceedAsTask(Invocation<Void> invocation, ExtensionContext context) throws Throwable {
        final TestTask task = store(context).get(TASK, TestTask.class);
        if (task == null) {
            invocation.proceed(); // a @BeforeAll of a per-method class: no kernel yet
        } else {
            task.proceedAs(invocation);
        }
    }

    private static Setup setup(ExtensionContext context) {
        final Class<?> testClass = context.getRequiredTestClass();
        final ExtensionContext.Store classStore = context.getRoot().getStore(NAMESPACE);
        return classStore.computeIfAbsent(testClass, type -> Setup.of(type, annotation(type)), Setup.class);
    }

    /** {@return the {@link IOKitTest} of {@code type}, or of the class enclosing it (a {@code @Nested} class)} */
    private static IOKitTest annotation(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            final java.util.Optional<IOKitTest> found = AnnotationSupport.findAnnotation(c, IOKitTest.class);
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new ExtensionConfigurationException(type.getName() + " uses IOKitExtension without @IOKitTest:"
                + " annotate the class with @IOKitTest instead of @ExtendWith(IOKitExtension.class)");
    }

    private static ExtensionContext.Store store(ExtensionContext context) {
        return context.getStore(NAMESPACE);
    }

    /** Closes what the context's own store holds under {@code key} (a parent's stays: its own context closes it). */
    private static void close(ExtensionContext context, String key) {
        final Object own = store(context).remove(key);
        if (own instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception unexpected) {
                throw new IllegalStateException("closing " + own + " failed", unexpected);
            }
        }
    }
}
