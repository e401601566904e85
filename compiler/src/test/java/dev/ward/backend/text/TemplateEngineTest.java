package dev.ward.backend.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemplateEngineTest {
    public record View(String name, List<String> items, long count) {}

    @Test
    void rendersRecordComponentsAsTheyAre() {
        String out = TemplateEngine.render("enginetest/view.ftl", new View("<a & \"b\">", List.of("x", "y"), 1234567));
        assertEquals("<a & \"b\">: x y 1234567\n", out);
    }

    @Test
    void aMissingValueIsAnErrorNotAnEmptyString() {
        View withNull = new View("n", Arrays.asList("x", null), 1);
        assertThrows(TemplateEngine.TemplateFailure.class, () -> TemplateEngine.render("enginetest/view.ftl", withNull));
        assertThrows(TemplateEngine.TemplateFailure.class, () -> TemplateEngine.render("enginetest/view.ftl", new View(null, List.of(), 1)));
    }

    @Test
    void anUnknownTemplateIsAnError() {
        assertThrows(TemplateEngine.TemplateFailure.class, () -> TemplateEngine.render("enginetest/none.ftl", new View("n", List.of(), 1)));
    }
}
