package se.vaxel.auth;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The staff who may log in, from the JSON file named by {@code VAXEL_USERS_FILE}, read once at start and
 * validated whole (every problem reported with the entry it is in):
 * <pre>
 * [{"id": "karin.sjoberg", "name": "Karin Sjöberg", "roles": ["agent"], "passwordHash": "$2a$12$..."}]
 * </pre>
 * A plain {@code password} field is refused: only hashes belong there. So is {@code departments}: which
 * departments an officer works in is said once, in the back office's {@code back-office.json}.
 */
public final class Users {

    public static final Users NONE = new Users(Map.of());

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
    private static final Set<String> FIELDS = Set.of("id", "name", "roles", "passwordHash");

    private final Map<String, Account> byId;

    private Users(Map<String, Account> byId) {
        this.byId = Map.copyOf(byId);
    }

    public static Users of(Collection<Account> accounts) {
        Map<String, Account> m = new LinkedHashMap<>();
        accounts.forEach(a -> m.put(a.staff().id(), a));
        return new Users(m);
    }

    public static Users load(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("VAXEL_USERS_FILE " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    public static Users parse(String json, String source) {
        JsonArray list;
        try {
            list = new JsonArray(json);
        } catch (DecodeException e) {
            throw new IllegalArgumentException("VAXEL_USERS_FILE " + source + " is not a JSON list of users: " + e.getMessage());
        }
        Map<String, Account> accounts = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object entry = list.getValue(i);
            if (!(entry instanceof JsonObject o)) {
                problems.add("[" + i + "]: must be an object");
                continue;
            }
            String at = "[" + i + "]" + (o.getValue("id") instanceof String s ? " (id '" + s + "')" : "");
            List<String> wrong = new ArrayList<>();
            Account a = account(o, wrong);
            wrong.forEach(w -> problems.add(at + " " + w));
            if (a != null && accounts.putIfAbsent(a.staff().id(), a) != null) {
                problems.add(at + " id: used twice");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("VAXEL_USERS_FILE " + source + " is not a valid users file:\n  - "
                    + String.join("\n  - ", problems));
        }
        return new Users(accounts);
    }

    /** One entry, or null with what is wrong with it in {@code problems}. */
    private static Account account(JsonObject o, List<String> problems) {
        for (String field : o.fieldNames()) {
            if (field.equals("password")) {
                problems.add("password: never a password in this file; give passwordHash, made with se.vaxel.auth.HashPassword");
            } else if (field.equals("departments")) {
                problems.add("departments: not here; an officer's departments are set in back-office.json (its officers "
                        + "list, VAXEL_BACK_OFFICE_FILE), the one place that says who handles which department's matters");
            } else if (!FIELDS.contains(field)) {
                problems.add(field + ": unknown (known: " + String.join(", ", new java.util.TreeSet<>(FIELDS)) + ")");
            }
        }
        String id = o.getValue("id") instanceof String s && ID.matcher(s).matches() ? s : null;
        if (id == null) {
            problems.add("id: required, 1-64 of letters, digits and . _ @ -");
        }
        String name = o.getValue("name") instanceof String s && !s.isBlank() ? s : null;
        if (name == null) {
            problems.add("name: required");
        }
        Set<String> roles = names(o, "roles", ROLE, problems);
        if (roles != null && roles.isEmpty()) {
            problems.add("roles: at least one (agent, officer, supervisor, admin or a role of your own)");
        }
        String hash = o.getValue("passwordHash") instanceof String s ? s : null;
        if (!Passwords.isHash(hash)) {
            problems.add("passwordHash: required, a bcrypt hash ($2a$12$...) as se.vaxel.auth.HashPassword makes");
        }
        return problems.isEmpty() ? new Account(new Staff(id, name, roles, Set.of()), hash) : null;
    }

    private static Set<String> names(JsonObject o, String field, Pattern valid, List<String> problems) {
        if (!(o.getValue(field) instanceof JsonArray a)) {
            problems.add(field + ": a list of names");
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        for (Object v : a) {
            if (v instanceof String s && valid.matcher(s).matches()) {
                out.add(s);
            } else {
                problems.add(field + ": '" + v + "' is not a valid name (" + valid.pattern() + ")");
            }
        }
        return out;
    }

    public Optional<Account> find(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    /** The member of staff as configured now (a session names them; their roles may have changed since). */
    public Optional<Staff> staff(String id) {
        return find(id).map(Account::staff);
    }

    public Collection<Account> accounts() {
        return byId.values();
    }

    public boolean isEmpty() {
        return byId.isEmpty();
    }

    public int size() {
        return byId.size();
    }
}
