package org.ducklake.jdbc.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.ducklake.jdbc.testsupport.DriverClassPath;
import org.ducklake.jdbc.testsupport.PythonPackages;
import org.ducklake.jdbc.testsupport.PythonScript;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/**
 * Python through JayDeBeApi 1.2.3 and JPype1 1.7.1 (installed with pip on first use): what the default converters
 * hand Python for each column type, and which parameters arrive exactly, as docs/python.md tells it.
 */
class JayDeBeApiTest {
    static final String JAYDEBEAPI_VERSION = "1.2.3";
    static final String JPYPE_VERSION = "1.7.1";

    @Test
    void pythonGetsTheValuesTheGuideDescribes() throws Exception {
        Path packages = PythonPackages.installed(
                "jaydebeapi-" + JAYDEBEAPI_VERSION + "-jpype1-" + JPYPE_VERSION,
                "jaydebeapi",
                "JayDeBeApi==" + JAYDEBEAPI_VERSION,
                "JPype1==" + JPYPE_VERSION);
        TestLakes.FileLake lake = TestLakes.file("jaydebeapi");
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("url", lake.url());
        Map<String, String> props = new LinkedHashMap<>();
        Properties p = lake.properties();
        for (String key : p.stringPropertyNames()) {
            props.put(key, p.getProperty(key));
        }
        config.put("properties", props);
        config.put("classpath", DriverClassPath.entries());
        Map<String, Object> r = PythonScript.named("jaydebeapi_lake.py").run(packages, config, 180);

        @SuppressWarnings("unchecked")
        Map<String, List<String>> values = (Map<String, List<String>>) r.get("values");
        assertThat(values.get("b")).containsExactly("bool", "True");
        assertThat(values.get("i")).containsExactly("int", "42");
        assertThat(values.get("bi")).containsExactly("int", "4611686018427387904");
        assertThat(values.get("hi")).containsExactly("java.math.BigInteger", "170141183460469231731687303715884105727");
        assertThat(values.get("d")).containsExactly("float", "2.5");
        // DECIMAL goes through doubleValue(): about 16 significant digits survive.
        assertThat(values.get("dec")).containsExactly("float", "1.2345678901234569e+27");
        assertThat(values.get("v")).containsExactly("str", "h\u00e9llo");
        assertThat(values.get("dt")).containsExactly("str", "2024-02-29");
        assertThat(values.get("tm")).containsExactly("str", "12:34:56"); // java.sql.Time's text: no fraction
        assertThat(values.get("ts")).containsExactly("str", "2024-03-10 12:34:56.123456");
        assertThat(values.get("tstz")).containsExactly("java.time.OffsetDateTime", "2024-03-10T12:34:56.123456Z");
        assertThat(values.get("u")).containsExactly("java.util.UUID", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        assertThat((Object) values.get("bl_bytes")).isEqualTo("0001ff");

        // A Decimal and bytes handed to JPype as they are lose digits and bytes; as text and a Java byte[] they
        // arrive exactly.
        assertThat(r.get("parameters").toString())
                .isEqualTo("[[1, 1234567890123456752549132460.6797053952, 0001],"
                        + " [2, 1234567890123456789012345678.0123456789, 0001ff]]");
    }
}
