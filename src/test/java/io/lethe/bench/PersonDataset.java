package io.lethe.bench;

import io.lethe.erasure.index.CompiledErasures;
import io.lethe.testkit.TestData;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Unique synthetic people for scale runs, built from the given names and surnames of the FakeNameGenerator
 * identities in {@code shared/data/presidio_research}: person i is given name {@code i mod G} with surname
 * {@code i div G} (G·S combinations, all distinct), an e-mail and a US phone number derived from i.
 *
 * <p>{@code main}: writes N erasures as NDJSON for the bulk import, e.g.
 * {@code java -cp ... io.lethe.bench.PersonDataset 1000000 target/bench/people.ndjson}.
 */
public final class PersonDataset {

    public final List<String> givens;
    public final List<String> surnames;

    public PersonDataset() {
        Set<String> g = new LinkedHashSet<>();
        Set<String> s = new LinkedHashSet<>();
        Path csv = TestData.dir().resolve("presidio_research").resolve("FakeNameGenerator.com_3000.csv");
        try {
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",", -1);
                if (f.length > 6 && f[4].matches("\\p{L}[\\p{L}'-]+") && f[6].matches("\\p{L}[\\p{L}'-]+")) {
                    g.add(f[4]);
                    s.add(f[6]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        givens = new ArrayList<>(g);
        surnames = new ArrayList<>(s);
    }

    public int capacity() {
        return givens.size() * surnames.size();
    }

    public String name(int i) {
        return givens.get(i % givens.size()) + " " + surnames.get(i / givens.size());
    }

    public String email(int i) {
        return ascii(givens.get(i % givens.size())) + "." + ascii(surnames.get(i / givens.size())) + i + "@example.org";
    }

    /** Distinct, possible US numbers: area 201-989, exchange 200-999, line 0000-9999. */
    public String phone(int i) {
        int line = i % 10_000;
        int exchange = 200 + (i / 10_000) % 800;
        int area = 201 + (i / 8_000_000);
        return String.format(Locale.ROOT, "+1 (%03d) %03d-%04d", area, exchange, line);
    }

    public CompiledErasures.Spec spec(int i) {
        return new CompiledErasures.Spec(List.of(name(i)), List.of(), List.of(email(i)), List.of(phone(i)), List.of());
    }

    private static String ascii(String s) {
        return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD).replaceAll("[^A-Za-z]", "").toLowerCase(Locale.ROOT);
    }

    private static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    public String ndjsonLine(int i) {
        return "{\"id\":\"p" + i + "\",\"subject\":{\"names\":[" + json(name(i)) + "],\"emails\":[" + json(email(i))
                + "],\"phones\":[" + json(phone(i)) + "]},\"requested_at\":\"2025-03-01\"}";
    }

    public static void main(String[] args) throws IOException {
        int n = Integer.parseInt(args[0]);
        Path out = Path.of(args[1]);
        PersonDataset d = new PersonDataset();
        if (n > d.capacity()) {
            throw new IllegalArgumentException("at most " + d.capacity() + " unique people from this data");
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (int i = 0; i < n; i++) {
                w.write(d.ndjsonLine(i));
                w.write('\n');
            }
        }
        System.out.printf("wrote %d erasures (%d given names x %d surnames available) to %s%n",
                n, d.givens.size(), d.surnames.size(), out);
    }
}
