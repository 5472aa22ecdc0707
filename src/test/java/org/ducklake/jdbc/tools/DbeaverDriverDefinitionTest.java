package org.ducklake.jdbc.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Paths;
import java.sql.Driver;
import java.util.Properties;
import javax.xml.parsers.DocumentBuilderFactory;
import org.ducklake.jdbc.config.LakeProperty;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** driver/dbeaver-drivers.xml is a DBeaver driver definition that matches this driver. */
class DbeaverDriverDefinitionTest {

    @Test
    void definitionMatchesTheDriver() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = f.newDocumentBuilder()
                .parse(Paths.get("driver/dbeaver-drivers.xml").toFile());
        Element provider = (Element)
                doc.getDocumentElement().getElementsByTagName("provider").item(0);
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("drivers");
        assertThat(provider.getAttribute("id")).isEqualTo("generic");
        Element driver = (Element) provider.getElementsByTagName("driver").item(0);

        Class<?> cls = Class.forName(driver.getAttribute("class"));
        assertThat(Driver.class.isAssignableFrom(cls)).isTrue();
        Driver d = (Driver) cls.getDeclaredConstructor().newInstance();
        String template = driver.getAttribute("url");
        assertThat(template).contains("{host}").contains("{port}").contains("{database}");
        assertThat(d.acceptsURL(template.replace("{host}", "h")
                        .replace("{port}", "5432")
                        .replace("{database}", "db")))
                .isTrue();
        assertThat(driver.getAttribute("port")).isEqualTo("5432");
        assertThat(driver.getAttribute("custom")).isEqualTo("true");

        Properties version = new Properties();
        try (InputStream in = cls.getResourceAsStream("driver.properties")) {
            version.load(in);
        }
        Element library = (Element) driver.getElementsByTagName("library").item(0);
        assertThat(library.getAttribute("path"))
                .isEqualTo("ducklake-jdbc-" + version.getProperty("version") + "-linux_amd64.jar");

        NodeList props = driver.getElementsByTagName("property");
        assertThat(props.getLength()).isPositive();
        for (int i = 0; i < props.getLength(); i++) {
            Element p = (Element) props.item(i);
            LakeProperty known = LakeProperty.byKey(p.getAttribute("name")).orElse(null);
            assertThat(known).as(p.getAttribute("name")).isNotNull();
            assertThat(known.isSensitive()).as(p.getAttribute("name")).isFalse();
            if (!p.getAttribute("value").isEmpty()) {
                known.parse(p.getAttribute("value")); // a valid value for its type
            }
        }
    }
}
