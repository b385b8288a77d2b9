package se.vaxel.ami.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One AMI message: an action, a response or an event, as an ordered list of headers.
 *
 * <p>Order and repetition are kept as they came over the wire: Asterisk repeats headers (a UserEvent carries
 * {@code CallerIDNum} twice, Status with AllVariables one {@code Variable} per channel variable) and a
 * map-based model silently loses them. Look-ups are case-insensitive, as Asterisk's own are. What kind of
 * message this is depends on its first header only: an OriginateResponse event also carries a
 * {@code Response} header.
 */
public final class AmiMessage {

    private final String[] names;
    private final String[] values;
    private final int size;

    private AmiMessage(String[] names, String[] values, int size) {
        this.names = names;
        this.values = values;
        this.size = size;
    }

    public static Builder builder() {
        return new Builder(24); // an Asterisk 20 event has 15 to 25 headers
    }

    public static Builder action(String action) {
        return builder().add("Action", action);
    }

    public static Builder event(String event) {
        return builder().add("Event", event);
    }

    public static Builder response(String response) {
        return builder().add("Response", response);
    }

    public int size() {
        return size;
    }

    public String name(int i) {
        Objects.checkIndex(i, size);
        return names[i];
    }

    public String value(int i) {
        Objects.checkIndex(i, size);
        return values[i];
    }

    /** The first value of a header, or null. */
    public String get(String name) {
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                return values[i];
            }
        }
        return null;
    }

    public String get(String name, String fallback) {
        String v = get(name);
        return v == null ? fallback : v;
    }

    /** Every value of a header, in wire order. */
    public List<String> getAll(String name) {
        List<String> out = new ArrayList<>(2);
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                out.add(values[i]);
            }
        }
        return out;
    }

    public boolean has(String name) {
        return get(name) != null;
    }

    private boolean firstIs(String name) {
        return size > 0 && names[0].equalsIgnoreCase(name);
    }

    public boolean isEvent() {
        return firstIs("Event");
    }

    public boolean isResponse() {
        return firstIs("Response");
    }

    public boolean isAction() {
        return firstIs("Action");
    }

    /** The event name, or null when this is not an event. */
    public String eventName() {
        return isEvent() ? values[0] : null;
    }

    public String actionName() {
        return isAction() ? values[0] : null;
    }

    public String actionId() {
        return get("ActionID");
    }

    /** A copy with one more header at the end. */
    public AmiMessage with(String name, String value) {
        return toBuilder().add(name, value).build();
    }

    public Builder toBuilder() {
        Builder b = new Builder(size + 4);
        for (int i = 0; i < size; i++) {
            b.add(names[i], values[i]);
        }
        return b;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AmiMessage other) || other.size != size) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            if (!names[i].equals(other.names[i]) || !values[i].equals(other.values[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(Arrays.copyOf(names, size)) + Arrays.hashCode(Arrays.copyOf(values, size));
    }

    /** Wire form without the final blank line; for diagnostics. Callers mask personal data before logging. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < size; i++) {
            sb.append(names[i]).append(": ").append(values[i]).append('\n');
        }
        return sb.toString();
    }

    public static final class Builder {
        private String[] names;
        private String[] values;
        private int size;

        private Builder(int capacity) {
            names = new String[capacity];
            values = new String[capacity];
        }

        public Builder add(String name, String value) {
            if (size == names.length) {
                names = Arrays.copyOf(names, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            names[size] = Objects.requireNonNull(name, "name");
            values[size] = value == null ? "" : value;
            size++;
            return this;
        }

        /** Adds the header only when the value is not null. */
        public Builder addIfPresent(String name, String value) {
            return value == null ? this : add(name, value);
        }

        /** Replaces the first header of that name, or adds it. */
        public Builder set(String name, String value) {
            for (int i = 0; i < size; i++) {
                if (names[i].equalsIgnoreCase(name)) {
                    values[i] = value == null ? "" : value;
                    return this;
                }
            }
            return add(name, value);
        }

        public int size() {
            return size;
        }

        /** The builder may be reused afterwards: the message gets its own copy. */
        public AmiMessage build() {
            return new AmiMessage(Arrays.copyOf(names, size), Arrays.copyOf(values, size), size);
        }
    }
}
