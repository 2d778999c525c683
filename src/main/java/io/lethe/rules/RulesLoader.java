package io.lethe.rules;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reads every {@code *.yaml} / {@code *.yml} file of the rules folder, in name order, strictly. */
public final class RulesLoader {

    private static final ObjectMapper YAML = YAMLMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    private RulesLoader() {
    }

    /**
     * Loads the folder. A missing folder gives the built-in defaults (the gateway still runs); any bad file
     * throws {@link RulesException} naming the file, the line and the reason.
     */
    public static GuardRules load(Path dir) {
        if (!Files.isDirectory(dir)) {
            return GuardRules.builtIn();
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> {
                String n = p.getFileName().toString();
                return Files.isRegularFile(p) && (n.endsWith(".yaml") || n.endsWith(".yml"));
            }).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new RulesException(dir.toString(), 0, "cannot list the rules folder: " + e.getMessage());
        }
        GuardRules rules = GuardRules.builtIn();
        for (Path f : files) {
            GuardRules one = read(f);
            try {
                rules = rules.merge(one, f.getFileName().toString());
            } catch (IllegalArgumentException e) {
                throw new RulesException(f.toString(), 0, e.getMessage());
            }
        }
        return rules;
    }

    static GuardRules read(Path file) {
        String yaml;
        try {
            yaml = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new RulesException(file.toString(), 0, "file not found");
        } catch (IOException e) {
            throw new RulesException(file.toString(), 0, "cannot read: " + e.getMessage());
        }
        return parse(yaml, file.toString());
    }

    /** Jackson's message without its source excerpt (which could repeat a term). */
    private static String reason(JsonProcessingException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : root.getMessage();
        if (msg == null) {
            msg = e.getOriginalMessage();
        }
        int cut = msg.indexOf(" (through reference chain");
        return cut > 0 ? msg.substring(0, cut) : msg;
    }

    private static final JsonSchema SCHEMA = loadSchema();

    private static JsonSchema loadSchema() {
        try (InputStream in = RulesLoader.class.getResourceAsStream("guard-rules.schema.json")) {
            if (in == null) {
                throw new IllegalStateException("guard-rules.schema.json is missing from the classpath");
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the guard-rules schema", e);
        }
    }

    /**
     * Parses one file's text; {@code name} is used in errors. Checked against the JSON Schema first; a bad text
     * throws {@link RulesException} with the name, the line and the reason.
     */
    public static GuardRules parse(String yaml, String name) {
        validate(yaml, name);
        try {
            GuardRules.File parsed = YAML.readValue(yaml, GuardRules.File.class);
            return parsed == null ? GuardRules.builtIn() : parsed.toRules();
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            int line = loc == null ? 0 : loc.getLineNr();
            if (e instanceof UnrecognizedPropertyException u) {
                line = keyLine(yaml, u.getPropertyName(), line);
            }
            throw new RulesException(name, line, reason(e));
        }
    }

    /** The first schema violation (by line), with its line; YAML syntax errors are left to the reader. */
    private static void validate(String yaml, String name) {
        JsonNode tree;
        try {
            tree = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            throw new RulesException(name, loc == null ? 0 : loc.getLineNr(), reason(e));
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return;
        }
        Set<ValidationMessage> errors = SCHEMA.validate(tree);
        if (errors.isEmpty()) {
            return;
        }
        Map<String, Integer> lines = YamlLocations.index(yaml);
        ValidationMessage first = null;
        int firstLine = Integer.MAX_VALUE;
        for (ValidationMessage m : errors) {
            String path = String.valueOf(m.getInstanceLocation());
            if ("additionalProperties".equals(m.getType()) && m.getProperty() != null) {
                path = path + "." + m.getProperty();
            }
            int line = YamlLocations.lineOf(lines, path);
            if (first == null || line < firstLine) {
                first = m;
                firstLine = line;
            }
        }
        throw new RulesException(name, firstLine == Integer.MAX_VALUE ? 0 : firstLine,
                first.getMessage() + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""));
    }

    /** The YAML reader reports an unknown key after skipping its value; find the key's own line. */
    private static int keyLine(String yaml, String key, int reported) {
        Pattern p = Pattern.compile("^[\\s-]*[\"']?" + Pattern.quote(key) + "[\"']?\\s*:");
        String[] lines = yaml.split("\n", -1);
        int found = reported;
        for (int i = 0; i < lines.length && (reported <= 0 || i < reported); i++) {
            if (p.matcher(lines[i]).find()) {
                found = i + 1;
            }
        }
        return found;
    }

}
