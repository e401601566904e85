package dev.ward.backend.text;

import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/**
 * The one FreeMarker setup every text backend renders through. Templates live on the classpath under
 * {@code templates/} ({@code apparmor/profile.ftl}); models are immutable view records whose values the
 * backend has already quoted for the target language, so templates do no escaping of their own.
 *
 * <p>A template failure is a bug in Ward, never a problem with the input: it is rethrown, not logged, as
 * {@link TemplateFailure}.
 */
public final class TemplateEngine {
    private static final Configuration CONFIG = configure();

    private TemplateEngine() {}

    private static Configuration configure() {
        Configuration c = new Configuration(Configuration.VERSION_2_3_34);
        c.setClassForTemplateLoading(TemplateEngine.class, "/templates/");
        c.setDefaultEncoding(StandardCharsets.UTF_8.name());
        c.setOutputEncoding(StandardCharsets.UTF_8.name());
        c.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        c.setLogTemplateExceptions(false);
        c.setWrapUncheckedExceptions(true);
        c.setFallbackOnNullLoopVariable(false);
        c.setNumberFormat("computer");
        c.setBooleanFormat("c");
        c.setObjectWrapper(new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_34).build());
        return c;
    }

    /** Renders {@code templates/NAME} with the given view into a string. */
    public static String render(String templateName, Object view) {
        try {
            Template template = CONFIG.getTemplate(templateName);
            StringWriter out = new StringWriter();
            template.process(view, out);
            return out.toString();
        } catch (IOException | TemplateException e) {
            throw new TemplateFailure("template " + templateName + " failed: " + e.getMessage(), e);
        }
    }

    /** A template could not be loaded or rendered: an internal error. */
    public static final class TemplateFailure extends RuntimeException {
        public TemplateFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
