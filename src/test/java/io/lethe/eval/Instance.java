package io.lethe.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * One planted text: a template with its planted forms filled in. {@code seg[i]} is the planted form a
 * unit of the text belongs to (-1 for template text), {@code weight[i]} its secret weight.
 */
record Instance(String id, String split, String cls, String group, String personId, String text,
                int[] seg, int[] weight, List<Planted> planted, String template) {

    static Instance of(String id, String split, String cls, String group, String personId, String template,
                       List<Planted> planted) {
        StringBuilder sb = new StringBuilder();
        List<Integer> seg = new ArrayList<>();
        List<Integer> w = new ArrayList<>();
        int i = 0;
        while (i < template.length()) {
            if (template.charAt(i) == '{' && i + 2 < template.length() && Character.isDigit(template.charAt(i + 1))
                    && template.charAt(i + 2) == '}') {
                int k = template.charAt(i + 1) - '0';
                Planted p = planted.get(k);
                for (int j = 0; j < p.text().length(); j++) {
                    sb.append(p.text().charAt(j));
                    seg.add(k);
                    w.add(p.weight()[j]);
                }
                i += 3;
            } else {
                sb.append(template.charAt(i));
                seg.add(-1);
                w.add(0);
                i++;
            }
        }
        return new Instance(id, split, cls, group, personId, sb.toString(),
                seg.stream().mapToInt(Integer::intValue).toArray(), w.stream().mapToInt(Integer::intValue).toArray(),
                planted, template);
    }

    /** A benign text: no planted form. */
    static Instance benign(String id, String split, String cls, String text) {
        int[] seg = new int[text.length()];
        java.util.Arrays.fill(seg, -1);
        return new Instance(id, split, cls, "benign", null, text, seg, new int[text.length()], List.of(), null);
    }
}
