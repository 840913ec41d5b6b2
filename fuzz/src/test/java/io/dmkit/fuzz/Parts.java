package io.dmkit.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a fuzz input into parts at NUL bytes: a twin document and the patches after it, a path and
 * a body. Text formats never contain a raw NUL, so seed files of several parts stay easy to write.
 */
public final class Parts {

    private Parts() {
    }

    /** The parts of {@code input}, at most {@code max} (the last one keeps any further NULs). */
    public static List<byte[]> split(byte[] input, int max) {
        List<byte[]> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < input.length && parts.size() < max - 1; i++) {
            if (input[i] == 0) {
                parts.add(Arrays.copyOfRange(input, start, i));
                start = i + 1;
            }
        }
        parts.add(Arrays.copyOfRange(input, start, input.length));
        return parts;
    }
}
