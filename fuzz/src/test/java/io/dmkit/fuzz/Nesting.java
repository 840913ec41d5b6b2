package io.dmkit.fuzz;

/** Hostile JSON documents: nested far deeper than any cloud allows. */
public final class Nesting {

    /** Deep enough to overflow a default 1 MB thread stack in any recursive reader or writer. */
    public static final int HOSTILE_DEPTH = 100_000;

    private Nesting() {
    }

    /** {@code [[[…]]]}, {@code depth} arrays. */
    public static String arrays(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    /** {@code {"a":{"a":…1…}}}, {@code depth} objects. */
    public static String objects(int depth) {
        return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    /** {@code {"<member>": <depth arrays>}}: a well-formed object with a hostile member. */
    public static String objectWithDeepMember(String member, int depth) {
        return "{\"" + member + "\":" + arrays(depth) + "}";
    }
}
