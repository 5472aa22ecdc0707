package org.ducklake.jdbc.wrapper;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every method of each wrapped JDBC interface (its super-interfaces and default methods included) is
 * declared by our wrapper class itself or one of its superclasses in this package, so no call silently
 * falls through to an interface default that bypasses the delegate.
 */
class WrapperCompletenessTest {

    static Stream<Arguments> pairs() {
        return Stream.of(
                Arguments.of(Connection.class, LakeConnection.class),
                Arguments.of(Statement.class, LakeStatement.class),
                Arguments.of(PreparedStatement.class, LakePreparedStatement.class),
                Arguments.of(CallableStatement.class, LakeCallableStatement.class),
                Arguments.of(ResultSet.class, LakeResultSet.class),
                Arguments.of(DatabaseMetaData.class, LakeDatabaseMetaData.class));
    }

    @ParameterizedTest(name = "{1} declares every method of {0}")
    @MethodSource("pairs")
    void everyInterfaceMethodIsDeclared(Class<?> iface, Class<?> wrapper) {
        assertThat(iface).isAssignableFrom(wrapper);
        List<String> missing = new ArrayList<>();
        List<Method> methods = interfaceMethods(iface);
        for (Method m : methods) {
            Method declared = declaredInHierarchy(wrapper, m);
            if (declared == null || Modifier.isAbstract(declared.getModifiers())) {
                missing.add(describe(m));
            } else if (!m.getReturnType().isAssignableFrom(declared.getReturnType())) {
                missing.add(describe(m) + " (declared with return type "
                        + declared.getReturnType().getName() + ")");
            }
        }
        assertThat(missing)
                .as(
                        "%s must declare these %s methods (of %d)",
                        wrapper.getSimpleName(), iface.getSimpleName(), methods.size())
                .isEmpty();
        // sanity: the walk really looked at the defaults and the inherited Wrapper/AutoCloseable methods
        assertThat(methods.stream().map(Method::getName)).contains("unwrap", "isWrapperFor");
        if (AutoCloseable.class.isAssignableFrom(iface)) {
            assertThat(methods.stream().map(Method::getName)).contains("close");
        }
    }

    @Test
    void interfaceDefaultsAreCoveredByTheCheck() {
        // The check must see Java 8/9 default methods, or it would prove nothing about them.
        List<String> defaults = interfaceMethods(Statement.class).stream()
                .filter(Method::isDefault)
                .map(Method::getName)
                .collect(Collectors.toList());
        assertThat(defaults).contains("enquoteLiteral", "executeLargeUpdate", "getLargeUpdateCount");
        assertThat(interfaceMethods(Connection.class).stream()
                        .filter(Method::isDefault)
                        .map(Method::getName))
                .contains("beginRequest", "endRequest", "setShardingKey");
    }

    @Test
    void wrappersAreHandWrittenClasses() {
        for (Class<?> c : Arrays.asList(
                LakeConnection.class,
                LakeStatement.class,
                LakePreparedStatement.class,
                LakeCallableStatement.class,
                LakeResultSet.class,
                LakeDatabaseMetaData.class)) {
            assertThat(Proxy.isProxyClass(c)).as(c.getName()).isFalse();
            assertThat(Modifier.isAbstract(c.getModifiers())).as(c.getName()).isFalse();
        }
    }

    /** The public, non-static methods of the interface and of all its super-interfaces. */
    private static List<Method> interfaceMethods(Class<?> iface) {
        List<Method> out = new ArrayList<>();
        for (Method m : iface.getMethods()) {
            if (!Modifier.isStatic(m.getModifiers())) {
                out.add(m);
            }
        }
        return out;
    }

    /** The method as declared by the wrapper or a superclass of it in this package, or null. */
    private static Method declaredInHierarchy(Class<?> wrapper, Method m) {
        String pkg = LakeConnection.class.getPackageName();
        for (Class<?> c = wrapper; c != null && c.getPackageName().equals(pkg); c = c.getSuperclass()) {
            try {
                return c.getDeclaredMethod(m.getName(), m.getParameterTypes());
            } catch (NoSuchMethodException e) {
                // look in the superclass
            }
        }
        return null;
    }

    private static String describe(Method m) {
        return m.getDeclaringClass().getSimpleName() + "." + m.getName()
                + Arrays.stream(m.getParameterTypes())
                        .map(Class::getSimpleName)
                        .collect(Collectors.joining(", ", "(", ")"))
                + (m.isDefault() ? " [default]" : "");
    }
}
