package com.sprocket.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/**
 * The gateway runs the platform's problem handling without R2DBC on its classpath. There, an
 * unexpected error's cause chain is still classified (unreachable dependency → 503, else 500) and no
 * check reaches for an absent R2DBC class (it threw NoClassDefFoundError in the running gateway).
 */
class ProblemHandlingWithoutR2dbcTests {

    @Test
    void an_unexpected_error_is_classified_where_r2dbc_is_absent() throws Exception {
        Method unreachable = withoutR2dbc().getDeclaredMethod("unreachable", Throwable.class);
        unreachable.setAccessible(true);

        assertThat(unreachable.invoke(null, new IllegalStateException("boom"))).isEqualTo(false);
        assertThat(unreachable.invoke(null, new IllegalStateException(new ConnectException("refused"))))
                .isEqualTo(true);
    }

    @Test
    void the_loader_of_this_test_really_hides_r2dbc() {
        assertThatThrownBy(() -> Class.forName("io.r2dbc.spi.R2dbcTransientException", true, new HidingR2dbc()))
                .isInstanceOf(ClassNotFoundException.class);
    }

    private static Class<?> withoutR2dbc() throws ClassNotFoundException {
        return Class.forName(ProblemHandling.class.getName(), true, new HidingR2dbc());
    }

    /** Loads ProblemHandling itself afresh, hides io.r2dbc, and leaves everything else to the parent. */
    private static final class HidingR2dbc extends ClassLoader {

        HidingR2dbc() {
            super(ProblemHandlingWithoutR2dbcTests.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("io.r2dbc.")) {
                throw new ClassNotFoundException(name);
            }
            if (!name.startsWith(ProblemHandling.class.getName())) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded != null) {
                    return loaded;
                }
                try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                    byte[] bytes = in.readAllBytes();
                    return defineClass(name, bytes, 0, bytes.length);
                } catch (IOException e) {
                    throw new ClassNotFoundException(name, e);
                }
            }
        }
    }
}
