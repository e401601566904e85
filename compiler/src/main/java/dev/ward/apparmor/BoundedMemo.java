package dev.ward.apparmor;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A thread-safe memo of a pure function that forgets everything once it holds {@code bound} entries, so that
 * a long run over many distinct keys keeps its memory bounded. Two threads asking for the same new key may
 * both compute it; the function is pure, so either answer is the answer.
 */
final class BoundedMemo<K, V> {
    private final ConcurrentHashMap<K, V> entries = new ConcurrentHashMap<>();
    private final int bound;

    BoundedMemo(int bound) {
        if (bound < 1) throw new IllegalArgumentException("bound must be positive: " + bound);
        this.bound = bound;
    }

    /** The value of {@code key}, computed by {@code compute} unless it is remembered. */
    V get(K key, Function<? super K, ? extends V> compute) {
        V v = entries.get(key);
        if (v != null) return v;
        v = compute.apply(key);
        if (entries.size() >= bound) entries.clear();
        entries.put(key, v);
        return v;
    }

    /** How many entries it holds now. */
    int size() {
        return entries.size();
    }
}
