package se.vaxel.cases;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The citizen directory from a JSON file, read once at start and validated whole:
 * <pre>
 * [{"id": "c-1001", "name": "Anna Andersson", "personalIdentityNumber": "19800101-1234",
 *   "address": "Storgatan 1, 123 45 Kommunby", "protectedIdentity": false, "numbers": ["+46701740611"]}]
 * </pre>
 * A number belongs to one citizen only. Problems are reported with where they are, never with personal data.
 */
public final class FileCitizenDirectory implements CitizenDirectory {

    private final Map<String, Citizen> byNumber = new HashMap<>();
    private final Map<String, Citizen> byId = new HashMap<>();

    private FileCitizenDirectory() {}

    public static FileCitizenDirectory load(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("VAXEL_CITIZEN_DIRECTORY_FILE " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    public static FileCitizenDirectory parse(String json, String source) {
        JsonArray list;
        try {
            list = new JsonArray(json);
        } catch (DecodeException e) {
            throw new IllegalArgumentException(source + " is not a JSON list of citizens: " + e.getMessage());
        }
        FileCitizenDirectory d = new FileCitizenDirectory();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "[" + i + "]";
            if (!(list.getValue(i) instanceof JsonObject o)) {
                problems.add(at + ": must be an object");
                continue;
            }
            String id = o.getValue("id") instanceof String s && !s.isBlank() ? s : null;
            if (id == null) {
                problems.add(at + ".id: required");
                continue;
            }
            List<String> numbers = new ArrayList<>();
            if (o.getValue("numbers") instanceof JsonArray a) {
                a.forEach(n -> numbers.add(String.valueOf(n)));
            } else {
                problems.add(at + ".numbers: a list of phone numbers");
            }
            Citizen c = new Citizen(id, o.getString("name"), o.getString("personalIdentityNumber"), o.getString("address"),
                    Boolean.TRUE.equals(o.getValue("protectedIdentity")), numbers);
            if (d.byId.put(id, c) != null) {
                problems.add(at + ".id: '" + id + "' is used twice");
            }
            for (String n : numbers) {
                Citizen other = d.byNumber.put(n, c);
                if (other != null) {
                    problems.add(at + ".numbers: a number of citizen " + id + " also belongs to citizen " + other.id());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(source + " is not a valid citizen directory:\n  - " + String.join("\n  - ", problems));
        }
        return d;
    }

    @Override
    public Optional<Citizen> byNumber(String phoneNumber) {
        return Optional.ofNullable(phoneNumber == null ? null : byNumber.get(phoneNumber));
    }

    @Override
    public Optional<Citizen> byId(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    public int size() {
        return byId.size();
    }
}
