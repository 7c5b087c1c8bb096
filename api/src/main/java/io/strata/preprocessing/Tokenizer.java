// SPDX-License-Identifier: Apache-2.0
package io.strata.preprocessing;

import io.strata.InvalidConfigException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Keras's {@code Tokenizer}: words (or characters) to indices by frequency. {@link #fitOnTexts} counts
 * them; index 1 is the most frequent (after {@code oovToken}, which takes 1 when given), ties in order
 * of first appearance, 0 never used; {@link #textsToSequences} keeps the indices below
 * {@code numWords}; {@link #textsToMatrix} makes Keras's binary, count, freq or tfidf rows.
 */
public final class Tokenizer {
    /** Keras's default {@code filters}: punctuation, tab and newline. */
    public static final String DEFAULT_FILTERS = "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n";
    private @Nullable Integer numWords;
    private String filters = DEFAULT_FILTERS;
    private boolean lower = true;
    private String split = " ";
    private boolean charLevel;
    private @Nullable String oovToken;
    private final Map<String, Integer> wordCounts = new LinkedHashMap<>();
    private final Map<String, Integer> wordDocs = new HashMap<>();
    private Map<String, Integer> wordIndex = new LinkedHashMap<>();
    private final Map<Integer, Integer> indexDocs = new HashMap<>();
    private int documentCount;

    /** A tokenizer with Keras's defaults. */
    public Tokenizer() {}

    /** Keras's {@code num_words}: only the {@code numWords - 1} most frequent words are kept. */
    public Tokenizer numWords(int numWords) {
        this.numWords = numWords;
        return this;
    }

    /** Keras's {@code filters}: characters removed (replaced by the split string). */
    public Tokenizer filters(String filters) {
        this.filters = filters;
        return this;
    }

    /** Keras's {@code lower}. */
    public Tokenizer lower(boolean lower) {
        this.lower = lower;
        return this;
    }

    /** Keras's {@code split}. */
    public Tokenizer split(String split) {
        if (split.isEmpty()) {
            throw new InvalidConfigException("Tokenizer: 'split' must not be empty; use charLevel(true) for characters.");
        }
        this.split = split;
        return this;
    }

    /** Keras's {@code char_level}: every character is a token. */
    public Tokenizer charLevel(boolean charLevel) {
        this.charLevel = charLevel;
        return this;
    }

    /** Keras's {@code oov_token}: takes index 1 and stands for words outside the vocabulary. */
    public Tokenizer oovToken(String oovToken) {
        this.oovToken = oovToken;
        return this;
    }

    /** Keras's {@code text_to_word_sequence(text, filters, lower, split)}. */
    public static List<String> textToWordSequence(String text, String filters, boolean lower, String split) {
        String t = lower ? text.toLowerCase(Locale.ROOT) : text;
        StringBuilder b = new StringBuilder(t.length());
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (filters.indexOf(c) >= 0) {
                b.append(split);
            } else {
                b.append(c);
            }
        }
        List<String> out = new ArrayList<>();
        for (String w : b.toString().split(java.util.regex.Pattern.quote(split), -1)) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    private List<String> tokens(String text) {
        if (charLevel) {
            String t = lower ? text.toLowerCase(Locale.ROOT) : text;
            List<String> out = new ArrayList<>();
            t.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
            return out;
        }
        return textToWordSequence(text, filters, lower, split);
    }

    /** Keras's {@code fit_on_texts}: counts the words of {@code texts} (may be called again with more). */
    public Tokenizer fitOnTexts(Iterable<String> texts) {
        for (String text : texts) {
            documentCount++;
            List<String> seq = tokens(text);
            for (String w : seq) {
                wordCounts.merge(w, 1, Integer::sum);
            }
            for (String w : new HashSet<>(seq)) {
                wordDocs.merge(w, 1, Integer::sum);
            }
        }
        List<Map.Entry<String, Integer>> counts = new ArrayList<>(wordCounts.entrySet());
        counts.sort((a, b) -> Integer.compare(b.getValue(), a.getValue())); // stable: ties keep first appearance
        Map<String, Integer> index = new LinkedHashMap<>();
        if (oovToken != null) {
            index.put(oovToken, 1);
        }
        for (Map.Entry<String, Integer> e : counts) {
            index.putIfAbsent(e.getKey(), index.size() + 1);
        }
        wordIndex = index;
        indexDocs.clear();
        wordDocs.forEach((w, c) -> indexDocs.put(wordIndex.get(w), c));
        return this;
    }

    /** Keras's {@code word_index}: word to index, most frequent first. */
    public Map<String, Integer> wordIndex() {
        return Collections.unmodifiableMap(wordIndex);
    }

    /** Keras's {@code word_counts}, in order of first appearance. */
    public Map<String, Integer> wordCounts() {
        return Collections.unmodifiableMap(wordCounts);
    }

    /** Keras's {@code document_count}. */
    public int documentCount() {
        return documentCount;
    }

    /** Keras's {@code texts_to_sequences}. */
    public List<int[]> textsToSequences(Iterable<String> texts) {
        Integer oov = oovToken == null ? null : wordIndex.get(oovToken);
        List<int[]> out = new ArrayList<>();
        for (String text : texts) {
            List<Integer> v = new ArrayList<>();
            for (String w : tokens(text)) {
                Integer i = wordIndex.get(w);
                if (i != null) {
                    if (numWords != null && numWords > 0 && i >= numWords) {
                        if (oov != null) {
                            v.add(oov);
                        }
                    } else {
                        v.add(i);
                    }
                } else if (oov != null) {
                    v.add(oov);
                }
            }
            out.add(v.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }

    /** Keras's {@code texts_to_matrix(texts, mode)}: mode {@code binary} (Keras's default), {@code count}, {@code freq}, {@code tfidf}. */
    public float[][] textsToMatrix(Iterable<String> texts, String mode) {
        return sequencesToMatrix(textsToSequences(texts), mode);
    }

    /** Keras's {@code sequences_to_matrix}: one row of {@code numWords} (or vocabulary size + 1) columns per sequence. */
    public float[][] sequencesToMatrix(List<int[]> sequences, String mode) {
        int n;
        if (numWords == null || numWords <= 0) {
            if (wordIndex.isEmpty()) {
                throw new InvalidConfigException("Tokenizer: specify numWords, or fit on some text data first.");
            }
            n = wordIndex.size() + 1;
        } else {
            n = numWords;
        }
        if (!Set.of("binary", "count", "freq", "tfidf").contains(mode)) {
            throw new InvalidConfigException("Tokenizer: unknown vectorization mode \"" + mode + "\"; use binary, count, freq or tfidf.");
        }
        if (mode.equals("tfidf") && documentCount == 0) {
            throw new InvalidConfigException("Tokenizer: fit on some data before using tfidf mode.");
        }
        float[][] x = new float[sequences.size()][n];
        for (int i = 0; i < x.length; i++) {
            int[] seq = sequences.get(i);
            if (seq.length == 0) {
                continue;
            }
            Map<Integer, Integer> counts = new HashMap<>();
            for (int j : seq) {
                if (j < n) {
                    counts.merge(j, 1, Integer::sum);
                }
            }
            for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
                int j = e.getKey();
                int c = e.getValue();
                x[i][j] = switch (mode) {
                    case "count" -> c;
                    case "freq" -> (float) c / seq.length;
                    case "binary" -> 1f;
                    default -> (float) ((1 + Math.log(c)) * Math.log(1 + documentCount / (1.0 + indexDocs.getOrDefault(j, 0))));
                };
            }
        }
        return x;
    }
}
