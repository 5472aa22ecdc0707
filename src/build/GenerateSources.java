import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Wrapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.CommonDataSource;
import javax.sql.DataSource;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Writes the driver's plain code at build time (generate-sources), so the hand-written classes hold only
 * behaviour:
 *
 * <ul>
 *   <li>{@code wrapper/*Forwards.java}: for each JDBC interface the driver wraps, an abstract class whose
 *       methods forward to the delegate and pass any {@link SQLException} through the wrapper's
 *       {@code error(e)}. A method the generator must not forward is left abstract, so the build fails
 *       until a hand-written class implements it: one that returns a JDBC object with a wrapper of its own
 *       (a connection, statement, result set or metadata must never leak DuckDB's), {@code unwrap},
 *       {@code isWrapperFor} and {@code close}, and one whose exceptions are not plain SQLException. A
 *       method returning a {@code java.sql} interface this generator does not know stops the build: someone
 *       has to decide whether it needs a wrapper.</li>
 *   <li>{@code DataSourceProperties.java}: the JavaBean getter and setter of every {@code LakeProperty}, for
 *       {@code DuckLakeDataSource}.</li>
 * </ul>
 *
 * Run as {@code java GenerateSources.java <main sources> <output directory> <scratch directory>}; it needs
 * only the JDK (LakeProperty is compiled from source into the scratch directory and read by reflection).
 */
public final class GenerateSources {

    /** JDBC types that carry a way back to the engine: a wrapper of ours must hand them out. */
    static final Set<Class<?>> WRAPPED = Set.of(
            Connection.class,
            Statement.class,
            PreparedStatement.class,
            CallableStatement.class,
            ResultSet.class,
            DatabaseMetaData.class);

    /** JDBC types returned as they are: values with no way back to the engine's connection. */
    static final Set<String> VALUES = Set.of(
            "Array",
            "Blob",
            "Clob",
            "NClob",
            "SQLXML",
            "Ref",
            "RowId",
            "Struct",
            "Savepoint",
            "SQLWarning",
            "ResultSetMetaData",
            "ParameterMetaData",
            "RowIdLifetime",
            "Date",
            "Time",
            "Timestamp",
            "SQLType",
            "ShardingKey");

    /** Methods that are behaviour in every wrapper. */
    static final Set<String> ALWAYS_HAND_WRITTEN = Set.of("close");

    /**
     * Methods that are the driver's behaviour, by name or name/parameter count: left abstract, so deleting
     * the hand-written one fails the build instead of silently forwarding to the engine (an execution that
     * skips the transaction and access rules, a commit DuckDB's driver would keep the state of).
     */
    static final Map<Class<?>, Set<String>> BEHAVIOUR = Map.of(
            Connection.class,
                    Set.of(
                            "commit",
                            "rollback/0",
                            "setAutoCommit",
                            "getAutoCommit",
                            "isClosed",
                            "isValid",
                            "abort",
                            "setNetworkTimeout",
                            "getNetworkTimeout",
                            "nativeSQL",
                            "setReadOnly",
                            "isReadOnly",
                            "setTransactionIsolation",
                            "getTransactionIsolation",
                            "setHoldability",
                            "getHoldability",
                            "getTypeMap",
                            "setTypeMap",
                            "getClientInfo",
                            "getWarnings",
                            "clearWarnings"),
            Statement.class,
                    Set.of(
                            "executeQuery",
                            "executeUpdate",
                            "execute",
                            "executeBatch",
                            "executeLargeUpdate",
                            "executeLargeBatch",
                            "addBatch",
                            "clearBatch",
                            "isClosed",
                            "getMaxRows",
                            "setMaxRows",
                            "getLargeMaxRows",
                            "setLargeMaxRows",
                            "setQueryTimeout",
                            "setFetchSize",
                            "getMoreResults",
                            "closeOnCompletion",
                            "isCloseOnCompletion",
                            "setEscapeProcessing"),
            PreparedStatement.class, Set.of("executeQuery", "executeUpdate", "execute", "executeLargeUpdate"),
            CallableStatement.class, Set.of(),
            ResultSet.class, Set.of("next", "isClosed"),
            DatabaseMetaData.class,
                    Set.of("getURL", "getUserName", "getDriverName", "getDriverVersion", "getDatabaseProductVersion"));

    static boolean behaviour(Spec spec, Method m) {
        Set<String> names = BEHAVIOUR.get(spec.iface);
        return names.contains(m.getName()) || names.contains(m.getName() + "/" + m.getParameterCount());
    }

    /** One generated forwarding class. */
    static final class Spec {
        final Class<?> iface;
        final String name;
        /** The hand-written class this one extends, or null for a root. */
        final String parent;
        /** The parent's constructor parameters, as Java source. */
        final String parentParameters;
        /** The method that returns the delegate, and its type. */
        final String accessor;

        final Class<?> delegateType;

        Spec(Class<?> iface, String parent, String parentParameters, String accessor, Class<?> delegateType) {
            this.iface = iface;
            this.name = iface.getSimpleName() + "Forwards";
            this.parent = parent;
            this.parentParameters = parentParameters;
            this.accessor = accessor;
            this.delegateType = delegateType;
        }

        /** The methods this class answers: the interface's own when a parent answers the inherited ones. */
        List<Method> methods() {
            Method[] all = parent == null ? iface.getMethods() : iface.getDeclaredMethods();
            List<Method> out = new ArrayList<>();
            Set<String> seen = new TreeSet<>();
            for (Method m : all) {
                if (Modifier.isStatic(m.getModifiers())) {
                    continue;
                }
                String key = m.getName() + Arrays.toString(m.getParameterTypes());
                if (seen.add(key)) {
                    out.add(m);
                }
            }
            out.sort(Comparator.comparing(Method::getName).thenComparing(m -> Arrays.toString(m.getParameterTypes())));
            return out;
        }
    }

    static final String WRAPPER_PACKAGE = "org.ducklake.jdbc.wrapper";

    static final List<Spec> SPECS = List.of(
            new Spec(Connection.class, null, null, "delegate", Connection.class),
            new Spec(Statement.class, null, null, "delegate", Statement.class),
            new Spec(
                    PreparedStatement.class,
                    "LakeStatement",
                    "LakeConnection connection, Statement delegate, Opener<? extends Statement> opener",
                    "preparedDelegate",
                    PreparedStatement.class),
            new Spec(
                    CallableStatement.class,
                    "LakePreparedStatement",
                    "LakeConnection connection, PreparedStatement delegate, "
                            + "Opener<? extends PreparedStatement> opener, String sql",
                    null,
                    null),
            new Spec(ResultSet.class, null, null, "delegate", ResultSet.class),
            new Spec(DatabaseMetaData.class, null, null, "delegate", DatabaseMetaData.class));

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: GenerateSources <main sources> <output> <scratch>");
        }
        Path sources = Paths.get(args[0]);
        Path out = Paths.get(args[1]);
        Path scratch = Paths.get(args[2]);
        for (Spec spec : SPECS) {
            write(out, WRAPPER_PACKAGE, spec.name, forwards(spec));
        }
        write(out, WRAPPER_PACKAGE, "RowsByIndex", rowsByIndex());
        write(out, "org.ducklake.jdbc", "DataSourceProperties", dataSourceProperties(sources, scratch));
    }

    // ---- read-only rows in memory ----

    /** The ResultSet methods that change rows, refused by a read-only result set. */
    static final Set<String> ROW_CHANGES = Set.of(
            "insertRow",
            "updateRow",
            "deleteRow",
            "refreshRow",
            "cancelRowUpdates",
            "moveToInsertRow",
            "moveToCurrentRow");

    /**
     * The base of a read-only result set of rows in memory (BufferedRows): a getter by column label reads
     * the column {@code findColumn} names, and every change refuses. The rest stays abstract.
     */
    static String rowsByIndex() {
        Source src = new Source(WRAPPER_PACKAGE);
        src.name(SQLException.class);
        String resultSet = src.name(ResultSet.class);
        StringBuilder body = new StringBuilder();
        body.append("/**\n * What a read-only {@link ")
                .append(resultSet)
                .append("} of rows in memory answers the same way, written by\n")
                .append(
                        " * src/build/GenerateSources.java: a getter by column label reads the column {@code findColumn}\n")
                .append(" * names, and every change (update, insert, delete, the insert row) refuses through\n")
                .append(" * {@code readOnly()}. The rest is written by hand in the subclass.\n */\n");
        body.append("abstract class RowsByIndex implements ").append(resultSet).append(" {\n\n");
        body.append("    /** The error of a change to a read-only result set. */\n");
        body.append("    abstract SQLException readOnly();\n\n");
        Spec spec = new Spec(ResultSet.class, null, null, null, null);
        for (Method m : spec.methods()) {
            if (m.isDefault()) {
                continue;
            }
            String annotations =
                    (m.isAnnotationPresent(Deprecated.class) ? "    @Deprecated\n" : "") + "    @Override\n";
            String signature = signature(m, src);
            Class<?>[] types = m.getParameterTypes();
            if (m.getName().startsWith("update") || ROW_CHANGES.contains(m.getName())) {
                body.append(annotations)
                        .append("    public ")
                        .append(signature)
                        .append(" {\n        throw readOnly();\n    }\n\n");
            } else if (m.getName().startsWith("get") && types.length > 0 && types[0] == String.class) {
                Class<?>[] byIndex = types.clone();
                byIndex[0] = int.class;
                try {
                    ResultSet.class.getMethod(m.getName(), byIndex);
                } catch (NoSuchMethodException e) {
                    continue;
                }
                StringBuilder args = new StringBuilder("findColumn(arg0)");
                for (int i = 1; i < types.length; i++) {
                    args.append(", arg").append(i);
                }
                body.append(annotations)
                        .append("    public ")
                        .append(signature)
                        .append(" {\n        return ")
                        .append(m.getName())
                        .append('(')
                        .append(args)
                        .append(");\n    }\n\n");
            }
        }
        body.append("}\n");
        return src.header(body.toString());
    }

    // ---- JDBC forwarding ----

    static String forwards(Spec spec) {
        Source src = new Source(WRAPPER_PACKAGE);
        src.name(SQLException.class);
        StringBuilder body = new StringBuilder();
        String ifaceName = src.name(spec.iface);
        boolean callable = spec.iface == CallableStatement.class;
        String extendsClause = spec.parent == null ? "" : "extends " + spec.parent + " ";
        body.append("/**\n * The plain methods of {@link ")
                .append(ifaceName)
                .append("}, written by src/build/GenerateSources.java.\n");
        if (callable) {
            body.append(
                            " * Named setters bind every position of {@code $name} through {@code parameterIndexes}, a stream\n")
                    .append(
                            " * or reader once per position through {@code copies}; every other method refuses through\n")
                    .append(" * {@code unsupported}.\n");
        } else {
            body.append(" * Each forwards to {@code ")
                    .append(spec.accessor)
                    .append("()} and passes a failure through {@code error(e)};\n")
                    .append(" * the abstract ones are behaviour, written by hand in the subclass.\n");
        }
        body.append(" */\n");
        body.append("abstract class ")
                .append(spec.name)
                .append(' ')
                .append(extendsClause)
                .append("implements ")
                .append(ifaceName)
                .append(" {\n\n");
        if (spec.parent != null) {
            src.name(Statement.class);
            src.name(PreparedStatement.class);
            List<String> names = new ArrayList<>();
            for (String p : splitTopLevel(spec.parentParameters)) {
                String[] words = p.trim().split("\\s+");
                names.add(words[words.length - 1]);
            }
            body.append("    ")
                    .append(spec.name)
                    .append('(')
                    .append(spec.parentParameters)
                    .append(") {\n")
                    .append("        super(")
                    .append(String.join(", ", names))
                    .append(");\n    }\n\n");
        }
        if (spec.accessor != null) {
            body.append("    /** The object to forward to, checked to be usable. */\n");
            body.append("    abstract ")
                    .append(src.name(spec.delegateType))
                    .append(' ')
                    .append(spec.accessor)
                    .append("() throws SQLException;\n\n");
        }
        if (spec.iface == ResultSet.class && spec.accessor != null) {
            body.append(
                    "    /** Whether {@code read} is still what calls go to, and no move of the rows is under way. */\n");
            body.append("    abstract boolean unmoved(ResultSet read);\n\n");
            body.append("    /** What calls go to, once a move of the rows under way has ended. */\n");
            body.append("    abstract ResultSet settled() throws SQLException;\n\n");
        }
        if (spec.iface == DatabaseMetaData.class) {
            body.append("    /** A call that may reach the engine (DuckDB answers some of these with a query). */\n");
            body.append("    interface EngineCall<T> {\n        T run() throws SQLException;\n    }\n\n");
            body.append(
                    "    /** Runs one call on the engine connection, serialized with the connection's other calls. */\n");
            body.append("    abstract <T> T call(EngineCall<T> work) throws SQLException;\n\n");
        }
        if (spec.parent == null) {
            body.append("    /** A failure of the delegate, as the user sees it. */\n");
            body.append("    abstract SQLException error(SQLException e);\n\n");
            body.append(
                    "    /** The object this one wraps, for unwrap and isWrapperFor: answered also once this one is closed. */\n");
            body.append("    abstract ").append(src.name(spec.delegateType)).append(" wrapped();\n\n");
        }
        if (callable) {
            body.append(
                    "    /** The positions of a named parameter; an error when the statement has none of that name. */\n");
            body.append("    abstract int[] parameterIndexes(String parameterName) throws SQLException;\n\n");
            body.append("    /** The error of a method this statement has nothing for. */\n");
            body.append("    abstract SQLException unsupported(String method) throws SQLException;\n\n");
            body.append("    /** Registers an OUT parameter; an error for one the statement does not have. */\n");
            body.append("    abstract void registerOut(int parameterIndex) throws SQLException;\n\n");
            body.append("    /** The executed call's OUT values, on their row: parameter n is column 1. */\n");
            body.append("    abstract " + src.name(ResultSet.class)
                    + " outValue(int parameterIndex) throws SQLException;\n\n");
            body.append("    /** Whether the OUT value read last was SQL NULL. */\n");
            body.append("    abstract boolean outWasNull() throws SQLException;\n\n");
            body.append(
                    "    /** One stream per position: the stream itself for one position, else a buffered copy each. */\n");
            body.append("    abstract " + src.name(InputStream.class) + "[] copies(" + src.name(InputStream.class)
                    + " x, int count) throws SQLException;\n\n");
            body.append(
                    "    /** One reader per position: the reader itself for one position, else a buffered copy each. */\n");
            body.append("    abstract " + src.name(Reader.class) + "[] copies(" + src.name(Reader.class)
                    + " x, int count) throws SQLException;\n\n");
        }
        if (spec.iface == PreparedStatement.class) {
            body.append(
                    "    /** Told which parameter a setter bound that the subclass does not record (see LakePreparedStatement). */\n");
            body.append("    abstract void unrecorded(int parameterIndex);\n\n");
            body.append(
                    "    /** The engine's position of a JDBC parameter index (they differ when a call has an OUT value). */\n");
            body.append("    abstract int position(int parameterIndex) throws SQLException;\n\n");
        }
        for (Method m : spec.methods()) {
            body.append(method(spec, m, src));
        }
        body.append("}\n");
        return src.header("") + body;
    }

    static String method(Spec spec, Method m, Source src) {
        StringBuilder b = new StringBuilder();
        String signature = signature(m, src);
        boolean deprecated = m.isAnnotationPresent(Deprecated.class);
        String annotations = (deprecated ? "    @Deprecated\n" : "") + "    @Override\n";
        Class<?>[] exceptions = m.getExceptionTypes();
        boolean plainSqlException = exceptions.length == 1 && exceptions[0] == SQLException.class;
        Class<?> returns = m.getReturnType();
        checkKnown(m, returns);
        String args = arguments(m);
        if (spec.iface == CallableStatement.class) {
            boolean named = m.getName().startsWith("set")
                    && m.getParameterCount() > 0
                    && m.getParameterTypes()[0] == String.class;
            b.append(annotations).append("    public ").append(signature).append(" {\n");
            boolean byIndex = m.getParameterCount() > 0 && m.getParameterTypes()[0] == int.class;
            if (named) {
                b.append(namedSetter(m));
            } else if (byIndex && m.getName().equals("registerOutParameter")) {
                b.append("        registerOut(arg0);\n");
            } else if (byIndex && m.getName().startsWith("get")) {
                // An OUT value is read like column 1 of its row: the getters' signatures are ResultSet's.
                String rest = args.substring(args.indexOf(',') < 0 ? args.length() : args.indexOf(','));
                b.append("        return outValue(arg0).")
                        .append(m.getName())
                        .append("(1")
                        .append(rest)
                        .append(");\n");
            } else if (m.getName().equals("wasNull")) {
                b.append("        return outWasNull();\n");
            } else {
                b.append("        throw unsupported(\"").append(m.getName()).append("\");\n");
            }
            return b.append("    }\n\n").toString();
        }
        if (m.getDeclaringClass() == Wrapper.class) {
            return wrapper(spec, m, annotations, signature, src);
        }
        if (WRAPPED.contains(returns)
                || ALWAYS_HAND_WRITTEN.contains(m.getName())
                || behaviour(spec, m)
                || !plainSqlException) {
            String why = WRAPPED.contains(returns)
                    ? "returns a JDBC object that needs our wrapper"
                    : ALWAYS_HAND_WRITTEN.contains(m.getName()) || behaviour(spec, m)
                            ? "the driver's behaviour"
                            : "throws more than SQLException";
            return "    /** Written by hand: " + why + ". */\n" + annotations + "    public abstract " + signature
                    + ";\n\n";
        }
        b.append(annotations).append("    public ").append(signature).append(" {\n");
        if (parameterSetter(spec, m)) {
            b.append("        unrecorded(arg0);\n");
        }
        String call = spec.accessor + "()." + m.getName() + "("
                + (parameterSetter(spec, m) ? "position(arg0)" + args.substring(args.indexOf(',')) : args) + ")";
        if (spec.iface == ResultSet.class
                && spec.accessor != null
                && m.getName().startsWith("get")
                && m.getParameterCount() >= 1) {
            // A row's value: read from the delegate, and read again once settled when the result was moved
            // aside while it was read (see LakeResultSet#moveAside).
            String type = src.name(m.getGenericReturnType());
            String again = "settled()." + m.getName() + "(" + args + ")";
            b.append("        ResultSet d = delegate();\n");
            b.append("        try {\n");
            b.append("            ")
                    .append(type)
                    .append(" value = d.")
                    .append(m.getName())
                    .append("(")
                    .append(args)
                    .append(");\n");
            b.append("            if (unmoved(d)) {\n                return value;\n            }\n");
            b.append("        } catch (SQLException | RuntimeException e) {\n");
            b.append("            if (unmoved(d)) {\n");
            b.append(
                    "                if (e instanceof SQLException) {\n                    throw error((SQLException) e);\n                }\n");
            b.append("                throw (RuntimeException) e;\n            }\n");
            b.append("        }\n");
            b.append("        try {\n            return ").append(again).append(";\n");
            b.append("        } catch (SQLException e) {\n            throw error(e);\n        }\n");
            return b.append("    }\n\n").toString();
        }
        b.append("        try {\n");
        if (spec.iface == DatabaseMetaData.class) {
            call = returns == void.class
                    ? "call(() -> {\n                " + call + ";\n                return null;\n            })"
                    : "call(() -> " + call + ")";
        }
        b.append("            ")
                .append(returns == void.class ? call + ";" : "return " + call + ";")
                .append('\n');
        b.append("        } catch (SQLException e) {\n            throw error(e);\n        }\n");
        return b.append("    }\n\n").toString();
    }

    /**
     * A PreparedStatement setter of a parameter by position: it first tells the subclass, whose batch path
     * records the values of the setters it overrides and must know when another one bound a parameter.
     */
    static boolean parameterSetter(Spec spec, Method m) {
        return spec.iface == PreparedStatement.class
                && m.getName().startsWith("set")
                && m.getParameterCount() >= 2
                && m.getParameterTypes()[0] == int.class;
    }

    /** unwrap and isWrapperFor: this object, else the wrapped one, else what the wrapped one unwraps to. */
    static String wrapper(Spec spec, Method m, String annotations, String signature, Source src) {
        String type = src.name(spec.delegateType);
        StringBuilder b = new StringBuilder(annotations)
                .append("    public ")
                .append(signature)
                .append(" {\n");
        b.append("        ").append(type).append(" target = wrapped();\n");
        if (m.getName().equals("unwrap")) {
            b.append("        if (arg0.isInstance(this)) {\n            return arg0.cast(this);\n        }\n");
            b.append("        if (arg0.isInstance(target)) {\n            return arg0.cast(target);\n        }\n");
            b.append("        try {\n            return target.unwrap(arg0);\n");
        } else {
            b.append(
                    "        if (arg0.isInstance(this) || arg0.isInstance(target)) {\n            return true;\n        }\n");
            b.append("        try {\n            return target.isWrapperFor(arg0);\n");
        }
        b.append("        } catch (SQLException e) {\n            throw error(e);\n        }\n    }\n\n");
        return b.toString();
    }

    /** A named setter: the same call at each position of the name, streams and readers copied per position. */
    static String namedSetter(Method m) {
        StringBuilder b = new StringBuilder();
        b.append("        int[] positions = parameterIndexes(arg0);\n");
        Class<?>[] types = m.getParameterTypes();
        List<String> args = new ArrayList<>();
        args.add("positions[k]");
        for (int i = 1; i < types.length; i++) {
            if (types[i] == InputStream.class || types[i] == Reader.class) {
                b.append("        ")
                        .append(types[i].getSimpleName())
                        .append("[] copies")
                        .append(i)
                        .append(" = copies(arg")
                        .append(i)
                        .append(", positions.length);\n");
                args.add("copies" + i + "[k]");
            } else {
                args.add("arg" + i);
            }
        }
        b.append("        for (int k = 0; k < positions.length; k++) {\n");
        b.append("            ")
                .append(m.getName())
                .append('(')
                .append(String.join(", ", args))
                .append(");\n");
        b.append("        }\n");
        return b.toString();
    }

    static void checkKnown(Method m, Class<?> type) {
        Class<?> t = type.isArray() ? type.getComponentType() : type;
        if (t.getPackageName().equals("java.sql")
                && t.isInterface()
                && !WRAPPED.contains(t)
                && !VALUES.contains(t.getSimpleName())) {
            throw new IllegalStateException(m.getDeclaringClass().getSimpleName() + "." + m.getName()
                    + " returns " + t.getName() + ", which GenerateSources neither wraps nor passes as a value:"
                    + " decide which it is (WRAPPED or VALUES)");
        }
    }

    static String signature(Method m, Source src) {
        StringBuilder b = new StringBuilder();
        TypeVariable<Method>[] vars = m.getTypeParameters();
        if (vars.length > 0) {
            List<String> names = new ArrayList<>();
            for (TypeVariable<Method> v : vars) {
                names.add(v.getName());
            }
            b.append('<').append(String.join(", ", names)).append("> ");
        }
        b.append(src.name(m.getGenericReturnType()))
                .append(' ')
                .append(m.getName())
                .append('(');
        Type[] params = m.getGenericParameterTypes();
        for (int i = 0; i < params.length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            String type = src.name(params[i]);
            if (m.isVarArgs() && i == params.length - 1) {
                type = type.substring(0, type.length() - 2) + "...";
            }
            b.append(type).append(" arg").append(i);
        }
        b.append(')');
        Class<?>[] exceptions = m.getExceptionTypes();
        if (exceptions.length > 0) {
            List<String> names = new ArrayList<>();
            for (Class<?> e : exceptions) {
                names.add(src.name(e));
            }
            b.append(" throws ").append(String.join(", ", names));
        }
        return b.toString();
    }

    static String arguments(Method m) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < m.getParameterCount(); i++) {
            names.add("arg" + i);
        }
        return String.join(", ", names);
    }

    static List<String> splitTopLevel(String parameters) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < parameters.length(); i++) {
            char c = parameters.charAt(i);
            if (c == '<') {
                depth++;
            } else if (c == '>') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(parameters.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(parameters.substring(start));
        return parts;
    }

    // ---- DataSource bean accessors ----

    static String dataSourceProperties(Path sources, Path scratch) throws Exception {
        Class<?> property = compileLakeProperty(sources, scratch);
        Source src = new Source("org.ducklake.jdbc");
        src.imports.add("org.ducklake.jdbc.config.LakeProperty");
        StringBuilder b = new StringBuilder();
        b.append("/**\n * The JavaBean properties of {@link DuckLakeDataSource}: a getter and a setter for every\n")
                .append(
                        " * {@link LakeProperty}, named in camelCase from its key, written by src/build/GenerateSources.java.\n")
                .append(
                        " * True/false properties are {@link Boolean}, every other one text; null means unset. A getter of a\n")
                .append(
                        " * sensitive property always returns null. A property whose accessor {@link javax.sql.DataSource}\n")
                .append(" * itself declares (login_timeout) is written by hand.\n */\n");
        b.append("public abstract class DataSourceProperties {\n\n");
        b.append("    DataSourceProperties() {\n    }\n\n");
        b.append("    /** Sets a property from text (null: unset), checked as the driver checks it. */\n");
        b.append("    abstract void put(LakeProperty property, String text);\n\n");
        b.append("    /** A property's text as set; null when unset or sensitive. */\n");
        b.append("    abstract String text(LakeProperty property);\n\n");
        b.append("    /** A true/false property as set; null when unset. */\n");
        b.append("    abstract Boolean bool(LakeProperty property);\n\n");
        Set<String> dataSourceMethods = new TreeSet<>();
        for (Method m : DataSource.class.getMethods()) {
            dataSourceMethods.add(m.getName());
        }
        for (Method m : CommonDataSource.class.getMethods()) {
            dataSourceMethods.add(m.getName());
        }
        for (Object p : property.getEnumConstants()) {
            String constant = ((Enum<?>) p).name();
            String key = (String) property.getMethod("key").invoke(p);
            String description = (String) property.getMethod("description").invoke(p);
            boolean sensitive = (Boolean) property.getMethod("isSensitive").invoke(p);
            boolean bool = property.getMethod("type").invoke(p).toString().equals("BOOLEAN");
            String bean = camel(key);
            if (dataSourceMethods.contains("set" + bean) || dataSourceMethods.contains("get" + bean)) {
                continue;
            }
            String type = bool ? "Boolean" : "String";
            String doc = escapeDoc(description);
            b.append("    /** {@code ").append(key).append("}: ").append(doc).append(" */\n");
            b.append("    public void set")
                    .append(bean)
                    .append('(')
                    .append(type)
                    .append(" value) {\n");
            b.append("        put(LakeProperty.")
                    .append(constant)
                    .append(", ")
                    .append(bool ? "value == null ? null : value.toString()" : "value")
                    .append(");\n    }\n\n");
            b.append("    /** {@code ")
                    .append(key)
                    .append("} as set")
                    .append(sensitive ? ": always null, it is sensitive" : "; null when unset")
                    .append(". */\n");
            b.append("    public ").append(type).append(" get").append(bean).append("() {\n");
            b.append("        return ")
                    .append(bool ? "bool" : "text")
                    .append("(LakeProperty.")
                    .append(constant)
                    .append(");\n    }\n\n");
        }
        b.append("}\n");
        return src.header("") + b;
    }

    static Class<?> compileLakeProperty(Path sources, Path scratch) throws Exception {
        Files.createDirectories(scratch);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Path file = sources.resolve("org/ducklake/jdbc/config/LakeProperty.java");
        int rc = javac.run(
                null,
                null,
                null,
                "-d",
                scratch.toString(),
                "-sourcepath",
                sources.toString(),
                "-implicit:class",
                "-proc:none",
                file.toString());
        if (rc != 0) {
            throw new IllegalStateException("could not compile " + file);
        }
        URLClassLoader loader =
                new URLClassLoader(new URL[] {scratch.toUri().toURL()}, GenerateSources.class.getClassLoader());
        return Class.forName("org.ducklake.jdbc.config.LakeProperty", true, loader);
    }

    static String camel(String key) {
        StringBuilder b = new StringBuilder();
        for (String part : key.split("_")) {
            if (!part.isEmpty()) {
                b.append(Character.toUpperCase(part.charAt(0)))
                        .append(part.substring(1).toLowerCase(Locale.ROOT));
            }
        }
        return b.toString();
    }

    static String escapeDoc(String text) {
        return text.replace("*/", "*&#47;")
                .replace("{", "&#123;")
                .replace("}", "&#125;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("@", "&#64;");
    }

    // ---- writing ----

    /** Imports and names: a type is written by its simple name and imported, unless two share a name. */
    static final class Source {
        final String pkg;
        final Set<String> imports = new TreeSet<>();
        final Map<String, String> bySimpleName = new TreeMap<>();
        private static final Pattern QUALIFIED = Pattern.compile("\\b((?:[a-z][a-z0-9_]*\\.)+)([A-Z]\\w*)");

        Source(String pkg) {
            this.pkg = pkg;
        }

        String name(Type type) {
            String text = type.getTypeName();
            Matcher m = QUALIFIED.matcher(text);
            StringBuffer out = new StringBuffer();
            while (m.find()) {
                String packageName = m.group(1).substring(0, m.group(1).length() - 1);
                String simple = m.group(2);
                String qualified = packageName + "." + simple;
                String owner = bySimpleName.putIfAbsent(simple, qualified);
                String shown;
                if (owner != null && !owner.equals(qualified)) {
                    shown = qualified;
                } else {
                    if (!packageName.equals("java.lang") && !packageName.equals(pkg)) {
                        imports.add(qualified);
                    }
                    shown = simple;
                }
                m.appendReplacement(out, Matcher.quoteReplacement(shown));
            }
            m.appendTail(out);
            return out.toString().replace('$', '.');
        }

        String header(String extra) {
            StringBuilder b =
                    new StringBuilder("// Generated by src/build/GenerateSources.java at build time; do not edit.\n");
            b.append("package ").append(pkg).append(";\n\n");
            for (String i : imports) {
                b.append("import ").append(i).append(";\n");
            }
            return b.append('\n').append(extra).toString();
        }
    }

    static void write(Path out, String pkg, String name, String text) throws IOException {
        Path dir = out.resolve(pkg.replace('.', '/'));
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".java");
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (!Files.exists(file) || !Arrays.equals(Files.readAllBytes(file), bytes)) {
            Files.write(file, bytes);
        }
    }
}
