package se.vaxel.cases;

import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Who a caller number belongs to. The default reads a JSON file ({@link FileCitizenDirectory}); a municipality
 * plugs in its own register by implementing this interface in a class with a public constructor taking the
 * settings map, putting its jar on the classpath and naming it in {@code VAXEL_CITIZEN_DIRECTORY_CLASS}.
 * Lookups may block (a database, a web service): Växel calls them off the event loop.
 */
public interface CitizenDirectory {

    Optional<Citizen> byNumber(String phoneNumber);

    Optional<Citizen> byId(String id);

    CitizenDirectory EMPTY = new CitizenDirectory() {
        @Override
        public Optional<Citizen> byNumber(String phoneNumber) {
            return Optional.empty();
        }

        @Override
        public Optional<Citizen> byId(String id) {
            return Optional.empty();
        }
    };

    /** The directory the settings name: a class, a file, or none. */
    static CitizenDirectory from(Map<String, String> settings) {
        String cls = settings.get("VAXEL_CITIZEN_DIRECTORY_CLASS");
        if (cls != null && !cls.isBlank()) {
            try {
                Constructor<?> c = Class.forName(cls.trim()).getConstructor(Map.class);
                return (CitizenDirectory) c.newInstance(Map.copyOf(settings));
            } catch (ReflectiveOperationException | ClassCastException e) {
                throw new IllegalArgumentException("VAXEL_CITIZEN_DIRECTORY_CLASS: cannot make a CitizenDirectory of '" + cls
                        + "' (a public class implementing se.vaxel.cases.CitizenDirectory with a public constructor taking "
                        + "Map<String, String>, on the classpath): " + e, e);
            }
        }
        String file = settings.get("VAXEL_CITIZEN_DIRECTORY_FILE");
        return file == null || file.isBlank() ? EMPTY : FileCitizenDirectory.load(Path.of(file.trim()));
    }
}
