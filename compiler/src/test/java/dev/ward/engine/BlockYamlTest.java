package dev.ward.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ward.backend.CompileContext;
import dev.ward.backend.CompileOptions;
import dev.ward.diag.Diagnostics;
import dev.ward.ir.Profile;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The directly written YAML of k8s.yaml is exactly Jackson's wherever it is used, and it is used for Ward's objects. */
class BlockYamlTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private static String jackson(ObjectNode o) throws IOException {
        return K8sDocuments.YAML.writeValueAsString(o);
    }

    @Test
    void theObjectsOfTheCasesAreMostlyWrittenDirectlyAsJacksonWritesThem() throws IOException {
        int objects = 0;
        int direct = 0;
        for (GoldenCases.Case c : GoldenCases.all().values()) {
            Diagnostics d = new Diagnostics();
            CompileContext ctx = new CompileContext(c.policy(), c.profiles(), CompileOptions.defaults(), d);
            for (Profile p : c.profiles()) {
                String name = K8sDocuments.objectName(p);
                List<ObjectNode> trees = new ArrayList<>();
                Optional<ObjectNode> seccomp = SpoSeccomp.of(ctx, p, name);
                Optional<ObjectNode> apparmor = SpoAppArmor.of(p, name, d);
                seccomp.ifPresent(trees::add);
                apparmor.ifPresent(trees::add);
                ObjectNode snippet = F.objectNode();
                snippet.set("securityContext", K8sTarget.securityContext(p, name, seccomp.isPresent(), apparmor.isPresent()));
                if (!snippet.get("securityContext").isEmpty()) trees.add(snippet);
                for (ObjectNode tree : trees) {
                    Optional<String> text = BlockYaml.write(tree);
                    objects++;
                    if (text.isEmpty()) continue;
                    assertEquals(jackson(tree), text.get(), c.name() + " " + p.name());
                    direct++;
                }
            }
        }
        // Only a description with a comma or a colon, which needs quotes, is left to Jackson.
        assertTrue(objects > 20 && direct > objects * 3 / 4, "written directly: " + direct + " of " + objects);
    }

    private static final String[] WORDS = {"a", "web", "SCMP_ACT_ALLOW", "/**", "/etc/nginx/**", "alice's containers",
        "ward.dev/profile", "x-y", "_x", "a b", "yes", "No", "TRUE", "off", "null", "Null", "~", "y", "n", "1", "0x10",
        "1.5", "-1", "-", "- a", "*x", "&a", "!x", "%x", "@x", "`x", "'x", "\"x", "a: b", "a:b", "a #b", "a#b", "#a",
        "[a]", "{a}", "a,b", "?a", ":a", ".inf", ".5", "---", "...", "", " a", "a ", "a\nb", "a\tb", "é", "a  b",
        "2001-12-14", "1:20", "=", "<<", "a'b'", "/a b/c"};

    private static String word(Random r) {
        if (r.nextInt(8) == 0) {
            // a long string with spaces, which SnakeYAML folds past 80 columns
            StringBuilder b = new StringBuilder("w");
            int n = 5 + r.nextInt(100);
            while (b.length() < n) b.append(r.nextBoolean() ? " " : "").append((char) ('a' + r.nextInt(26)));
            return b.toString();
        }
        return WORDS[r.nextInt(WORDS.length)];
    }

    private static JsonNode value(Random r, int depth) {
        int kind = r.nextInt(depth > 3 ? 6 : 9);
        return switch (kind) {
            case 0, 1, 2 -> F.textNode(word(r));
            case 3 -> F.numberNode(r.nextInt(2000) - 1000);
            case 4 -> r.nextInt(6) == 0 ? F.numberNode(new BigInteger("18446744073709551615"))
                    : r.nextInt(6) == 0 ? F.numberNode(1.5) : F.booleanNode(r.nextBoolean());
            case 5 -> r.nextInt(10) == 0 ? F.nullNode() : F.numberNode(r.nextLong());
            case 6, 7 -> object(r, depth + 1);
            default -> array(r, depth + 1);
        };
    }

    private static ObjectNode object(Random r, int depth) {
        ObjectNode o = F.objectNode();
        int n = r.nextInt(20) == 0 ? 0 : 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) o.set(r.nextInt(3) == 0 ? word(r) : "k" + i, value(r, depth));
        return o;
    }

    private static ArrayNode array(Random r, int depth) {
        ArrayNode a = F.arrayNode();
        int n = r.nextInt(20) == 0 ? 0 : 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) a.add(value(r, depth));
        return a;
    }

    @Test
    void randomTreesAreEitherLeftToJacksonOrWrittenAsItWrites() throws IOException {
        Random r = new Random(20261128);
        int direct = 0;
        int trees = 4000;
        for (int i = 0; i < trees; i++) {
            ObjectNode tree = object(r, 0);
            Optional<String> text = BlockYaml.write(tree);
            if (text.isEmpty()) continue;
            direct++;
            assertEquals(jackson(tree), text.get(), tree.toString());
        }
        assertTrue(direct > trees / 20, "written directly: " + direct);
        assertTrue(direct < trees, "some trees are left to Jackson");
    }

    @Test
    void wordsYamlWouldReadAsAnotherTypeAreNotPlain() {
        for (String s : List.of("yes", "No", "TRUE", "off", "null", "1", "-1", ".inf", "", "a ", " a", "a: b", "*x")) {
            assertFalse(BlockYaml.plain(s), s);
        }
        for (String s : List.of("web", "/**", "alice's containers", "SCMP_ACT_ERRNO", "ward.dev/profile")) {
            assertTrue(BlockYaml.plain(s), s);
        }
    }
}
