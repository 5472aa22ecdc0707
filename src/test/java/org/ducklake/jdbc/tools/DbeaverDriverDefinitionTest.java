package org.ducklake.jdbc.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.ducklake.jdbc.DuckLakeDriver;
import org.ducklake.jdbc.config.LakeConfig;
import org.ducklake.jdbc.config.LakeProperty;
import org.ducklake.jdbc.testsupport.ChildJvm;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Comment;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * driver/dbeaver-drivers.xml read by the rules of DBeaver's loader (DriverDescriptorSerializerLegacy.DriversParser,
 * DBeaver sources of October 2024), re-implemented here: a {@code <provider>} must name an existing provider
 * whose drivers are manageable (else the file's driver attributes are ignored), a {@code <driver>} with a new id
 * becomes a custom driver, only the attributes the parser reads take effect, {@code <library>} paths get
 * {@code ${variable}}s replaced (DriverVariablesResolver), {@code <parameter>} needs a name and a value,
 * {@code <property>} a name. The URL template is filled the way DatabaseURL.generateUrlByTemplate fills it.
 * The properties must match {@link LakeProperty} and the descriptions getPropertyInfo gives: the comment before
 * each is the description DBeaver shows; {@link #main} prints the block to paste when they drift.
 */
class DbeaverDriverDefinitionTest {
    /** Providers whose plugin.xml declares {@code <drivers managable="true">}; ours is the generic one. */
    private static final Set<String> MANAGEABLE_PROVIDERS = Set.of("generic");

    /** The driver attributes DriversParser reads; {@code custom} is written by DBeaver's serializer, not read. */
    private static final Set<String> DRIVER_ATTRIBUTES = Set.of(
            "id",
            "provider",
            "category",
            "name",
            "description",
            "class",
            "url",
            "port",
            "defaultDatabase",
            "defaultServer",
            "defaultUser",
            "embedded",
            "propagateDriverProperties",
            "anonymous",
            "allowsEmptyPassword",
            "instantiable",
            "threadSafe",
            "customDriverLoader",
            "useURL",
            "supportsDistributedMode",
            "disabled",
            "custom");

    /** DBPDriverLibrary.FileType. */
    private static final Set<String> LIBRARY_TYPES = Set.of("jar", "lib", "executable", "license");

    /** Variables DriverVariablesResolver (and SystemVariablesResolver) know. */
    private static final Set<String> PATH_VARIABLES =
            Set.of("drivers_home", "workspace", "home", "application.path", "dbeaver_home");

    /** Values chosen for a GUI instead of the driver's default, by driver id, and why (see driver/README.md). */
    static final Map<String, Map<String, String>> GUI_VALUES = Map.of(
            // DBeaver opens one connection for metadata and one per editor, and reconnects; the engine and its
            // set-up stay for 5 minutes after the last one closes. A PostgreSQL catalog locks nothing, so another
            // process can use the lake meanwhile.
            "ducklake_postgres", Map.of("instance_idle_timeout", "5m"),
            // A DuckDB-file catalog is locked by the engine that has it open: the driver's 0 closes the engine with
            // the last connection, so disconnecting in DBeaver frees the lake for another process.
            "ducklake_file", Map.of());

    /** A driver as DBeaver's loader builds it from the file. */
    private static final class LoadedDriver {
        final String provider;
        final Map<String, String> attributes = new LinkedHashMap<>();
        final List<String> libraries = new ArrayList<>();
        final Map<String, String> parameters = new LinkedHashMap<>();
        final Map<String, String> properties = new LinkedHashMap<>();
        /** The comment right before each property element. */
        final Map<String, String> propertyComments = new LinkedHashMap<>();

        LoadedDriver(String provider) {
            this.provider = provider;
        }
    }

    private static List<LoadedDriver> load(String file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = f.newDocumentBuilder().parse(Paths.get(file).toFile());
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("drivers");
        List<LoadedDriver> out = new ArrayList<>();
        for (Element provider : children(doc.getDocumentElement(), "provider")) {
            String id = provider.getAttribute("id");
            assertThat(MANAGEABLE_PROVIDERS).as("provider id").contains(id);
            for (Element driver : children(provider, "driver")) {
                LoadedDriver d = new LoadedDriver(id);
                assertThat(driver.getAttribute("id")).as("driver id").isNotEmpty();
                for (int i = 0; i < driver.getAttributes().getLength(); i++) {
                    Node a = driver.getAttributes().item(i);
                    assertThat(DRIVER_ATTRIBUTES).as("attribute DBeaver reads").contains(a.getNodeName());
                    d.attributes.put(a.getNodeName(), a.getNodeValue());
                }
                for (Element lib : children(driver, "library")) {
                    String type = lib.getAttribute("type").isEmpty() ? "jar" : lib.getAttribute("type");
                    assertThat(LIBRARY_TYPES).contains(type);
                    d.libraries.add(lib.getAttribute("path"));
                }
                for (Element p : children(driver, "parameter")) {
                    assertThat(p.getAttribute("name")).isNotEmpty();
                    assertThat(p.getAttribute("value"))
                            .as("a parameter without a value is skipped")
                            .isNotEmpty();
                    d.parameters.put(p.getAttribute("name"), p.getAttribute("value"));
                }
                for (Element p : children(driver, "property")) {
                    assertThat(p.getAttribute("name")).isNotEmpty();
                    d.properties.put(p.getAttribute("name"), p.getAttribute("value"));
                    d.propertyComments.put(p.getAttribute("name"), commentBefore(p));
                }
                out.add(d);
            }
        }
        return out;
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && ((Element) n).getTagName().equals(tag)) {
                out.add((Element) n);
            }
        }
        return out;
    }

    private static String commentBefore(Element e) {
        for (Node n = e.getPreviousSibling(); n != null; n = n.getPreviousSibling()) {
            if (n instanceof Comment) {
                return ((Comment) n).getData().trim().replaceAll("\\s+", " ");
            }
            if (n instanceof Element) {
                return null;
            }
        }
        return null;
    }

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

    /** DatabaseURL.generateUrlByTemplate: {host}, {port}, {database}, {file} (the database field) filled in. */
    private static String fill(String template) {
        return template.replace("{host}", "db.example.com")
                .replace("{port}", "5432")
                .replace("{database}", "lake_catalog")
                .replace("{file}", "/data/lake/m.ducklake")
                .replace("{folder}", "/data/lake");
    }

    /**
     * The property block the file must hold for a driver: every property a tool may set, with getPropertyInfo's
     * text.
     */
    static Map<String, String[]> expectedProperties(String driverId) {
        Map<String, String> guiValues = GUI_VALUES.get(driverId);
        assertThat(guiValues).as("GUI values of " + driverId).isNotNull();
        Map<String, DriverPropertyInfo> info = new LinkedHashMap<>();
        for (DriverPropertyInfo p :
                new DuckLakeDriver().getPropertyInfo("jdbc:ducklake:/x.ducklake", new Properties())) {
            info.put(p.name, p);
        }
        Map<String, String[]> out = new LinkedHashMap<>();
        for (LakeProperty p : LakeProperty.values()) {
            // user and password come from DBeaver's connection page (JDBCDataSourceProvider skips them here).
            if (p.isSensitive() || p == LakeProperty.USER) {
                continue;
            }
            String value = guiValues.getOrDefault(p.key(), p.defaultValue() == null ? "" : p.defaultValue());
            out.put(p.key(), new String[] {value, commentText(p.key() + ": " + info.get(p.key()).description)});
        }
        return out;
    }

    /** An XML comment may not hold "--". */
    private static String commentText(String s) {
        return s.replace("--", "- -").replaceAll("\\s+", " ").trim();
    }

    @Test
    void loadsByDbeaversRulesAndMatchesTheDriver() throws Exception {
        List<LoadedDriver> drivers = load("driver/dbeaver-drivers.xml");
        assertThat(drivers).hasSize(2);
        for (LoadedDriver d : drivers) {
            String id = d.attributes.get("id");
            Map<String, String[]> expected = expectedProperties(id);
            Class<?> cls = Class.forName(d.attributes.get("class"));
            assertThat(Driver.class.isAssignableFrom(cls)).as(id).isTrue();
            String url = fill(d.attributes.get("url"));
            assertThat(url).as(id).doesNotContain("{").doesNotContain("[");
            assertThat(new DuckLakeDriver().acceptsURL(url)).as(url).isTrue();
            LakeConfig.parse(url, new Properties()); // the filled template is a URL the driver can use

            // A folder library: DBeaver adds every jar in it (DriverDescriptor.readJarsFromDir), so one file
            // serves each platform's jar.
            assertThat(d.libraries).as(id).containsExactly("${drivers_home}/ducklake");
            Matcher m = VARIABLE.matcher(d.libraries.get(0));
            while (m.find()) {
                assertThat(PATH_VARIABLES).contains(m.group(1));
            }
            assertThat(d.parameters).as(id).containsEntry("meta-model", "duckdb_jdbc");

            assertThat(d.properties.keySet()).as(id).containsExactlyElementsOf(expected.keySet());
            for (Map.Entry<String, String[]> e : expected.entrySet()) {
                String name = e.getKey();
                assertThat(d.properties.get(name)).as(id + " " + name).isEqualTo(e.getValue()[0]);
                assertThat(d.propertyComments.get(name))
                        .as(id + " " + name + " comment (run main to regenerate)")
                        .isEqualTo(e.getValue()[1]);
                if (!d.properties.get(name).isEmpty()) {
                    LakeProperty.byKey(name).orElseThrow().parse(d.properties.get(name));
                }
            }
        }
        LoadedDriver postgres = drivers.get(0);
        assertThat(postgres.attributes)
                .containsEntry("url", "jdbc:ducklake:postgres:host={host} port={port} dbname={database}")
                .containsEntry("port", "5432");
        LoadedDriver file = drivers.get(1);
        assertThat(file.attributes)
                .containsEntry("url", "jdbc:ducklake:{file}")
                .containsEntry("embedded", "true")
                .containsEntry("anonymous", "true");
    }

    /**
     * The file-lake template's own properties, used the way DBeaver uses them: connect, write, disconnect. Then
     * another process opens the same catalog file, which a DuckDB engine still holding it would refuse (55006).
     */
    @Test
    void theFileLakeTemplateReleasesTheLakeWhenItsConnectionsClose() throws Exception {
        LoadedDriver file = load("driver/dbeaver-drivers.xml").get(1);
        assertThat(file.attributes).containsEntry("id", "ducklake_file");
        Path catalog = TestLakes.freshDirectory("dbeaver-file").resolve("m.ducklake");
        Properties p = new Properties();
        file.properties.forEach((k, v) -> p.setProperty(k, v)); // empty values count as not given
        p.setProperty("extension_directory", TestLakes.extensionDirectory());
        String url = file.attributes.get("url").replace("{file}", catalog.toString());
        try (Connection c = DriverManager.getConnection(url, p);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t AS SELECT 42 AS answer");
        }

        ChildJvm.Result other = ChildJvm.main(OpenLake.class)
                .args(url, TestLakes.extensionDirectory())
                .run(Duration.ofMinutes(2));
        assertThat(other.exit).as(other.output).isZero();
        assertThat(other.output).contains("answer=42");
    }

    /** Another process: connects to the lake at args[0] and prints the one value of t. */
    public static final class OpenLake {
        public static void main(String[] args) throws Exception {
            Properties p = new Properties();
            p.setProperty("extension_directory", args[1]);
            try (Connection c = DriverManager.getConnection(args[0], p);
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT answer FROM t")) {
                rs.next();
                System.out.println("answer=" + rs.getInt(1));
            }
        }
    }

    /** Prints the property elements to paste into each driver of driver/dbeaver-drivers.xml. */
    public static void main(String[] args) {
        for (String id : new String[] {"ducklake_postgres", "ducklake_file"}) {
            System.out.println("    <!-- " + id + " -->");
            expectedProperties(id).forEach((name, v) -> {
                System.out.println("      <!-- " + v[1] + " -->");
                System.out.println("      <property name=\"" + name + "\" value=\"" + v[0] + "\"/>");
            });
        }
    }
}
