package dev.ward.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.ward.apparmor.AppArmorNames;
import dev.ward.ir.Profile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Kubernetes object names, metadata and YAML text for the Security Profiles Operator's objects. */
final class K8sDocuments {
    static final String GROUP = "security-profiles-operator.x-k8s.io";
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** A DNS subdomain name (RFC 1123), as Kubernetes object names must be. */
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final int MAX_NAME = 253;

    private K8sDocuments() {}

    /**
     * The object name of a profile's SPO objects: its AppArmor name ({@code ward-NAME}) when that is a valid
     * Kubernetes name, otherwise a lower-case form of it with a hash of the profile name, so it stays unique.
     */
    static String objectName(Profile p) {
        String name = AppArmorNames.forName(p.name());
        if (name.length() <= MAX_NAME && DNS_SUBDOMAIN.matcher(name).matches()) return name;
        String hash = HexFormat.of().formatHex(sha256(p.name())).substring(0, 16);
        String safe = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]+", "-")
                .replaceAll("\\.\\.+", ".").replaceAll("-*\\.-*", ".");
        int room = MAX_NAME - hash.length() - 1;
        if (safe.length() > room) safe = safe.substring(0, room);
        safe = safe.replaceAll("[.-]+$", "");
        return safe + "-" + hash;
    }

    /** {@code apiVersion}, {@code kind} and {@code metadata} of an SPO object; profiles are cluster-scoped. */
    static ObjectNode object(String version, String kind, String name, Profile p) {
        ObjectNode o = F.objectNode();
        o.put("apiVersion", GROUP + "/" + version);
        o.put("kind", kind);
        ObjectNode meta = o.putObject("metadata");
        meta.put("name", name);
        meta.putObject("labels").put("app.kubernetes.io/managed-by", "ward");
        ObjectNode annotations = meta.putObject("annotations");
        annotations.put("ward.dev/profile", p.name());
        p.description().ifPresent(d -> annotations.put("description", d));
        return o;
    }

    /** One YAML document per object, each after a {@code ---} line. */
    static String documents(List<ObjectNode> objects) {
        StringBuilder b = new StringBuilder();
        for (ObjectNode o : objects) b.append("---\n").append(yaml(o));
        return b.toString();
    }

    /** The YAML text of one object: written directly when it is plain, as nearly all are, otherwise by Jackson. */
    static String yaml(ObjectNode o) {
        Optional<String> direct = BlockYaml.write(o);
        if (direct.isPresent()) return direct.get();
        try {
            return YAML.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
