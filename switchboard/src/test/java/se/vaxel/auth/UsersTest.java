package se.vaxel.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The users file: read whole, every problem named with its entry, never a plain password accepted. */
class UsersTest {

    private static final String HASH = new Passwords(4).hash("a password of the test");

    @Test
    void aValidFileGivesEachMemberOfStaffTheirRoles() {
        Users users = Users.parse("""
                [{"id": "karin.sjoberg", "name": "Karin Sjöberg", "roles": ["agent"], "passwordHash": "%1$s"},
                 {"id": "olle", "name": "Olle Berg", "roles": ["officer", "protected_identity"], "passwordHash": "%1$s"}]
                """.formatted(HASH), "users.json");
        assertEquals(2, users.size());
        Staff olle = users.staff("olle").orElseThrow();
        assertEquals(Set.of("officer", "protected_identity"), olle.roles());
        assertEquals(Set.of(), olle.departments(), "back-office.json says which departments an officer works in");
        assertTrue(olle.has("protected_identity"));
        assertFalse(olle.has(Staff.ADMIN));
        assertEquals(Set.of(), users.staff("karin.sjoberg").orElseThrow().departments());
        assertTrue(users.find("nobody").isEmpty());
        assertFalse(users.find("olle").orElseThrow().toString().contains("$2"), "the hash stays out of toString");
    }

    @Test
    void everyProblemIsNamedWithTheEntryItIsIn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Users.parse("""
                [{"id": "anna", "name": "Anna", "roles": ["agent"], "passwordHash": "%1$s"},
                 {"id": "anna", "name": "Anna again", "roles": ["agent"], "passwordHash": "%1$s"},
                 {"id": "bo", "name": "Bo", "roles": ["officer"], "departments": ["schools"], "passwordHash": "%1$s"},
                 {"id": "cia", "name": "Cia", "roles": ["agent"], "password": "hunter22"},
                 {"id": "dan", "name": "Dan", "roles": [], "passwordHash": "not a hash"},
                 {"name": "Nameless", "roles": ["Bad Role"], "passwordHash": "%1$s", "colour": "blue"},
                 "just text"]
                """.formatted(HASH), "users.json"));
        String m = e.getMessage();
        assertTrue(m.startsWith("VAXEL_USERS_FILE users.json is not a valid users file"), m);
        assertTrue(m.contains("[1] (id 'anna') id: used twice"), m);
        assertTrue(m.contains("[2] (id 'bo') departments: not here; an officer's departments are set in back-office.json"), m);
        assertTrue(m.contains("[3] (id 'cia') password: never a password in this file"), m);
        assertTrue(m.contains("[3] (id 'cia') passwordHash: required"), m);
        assertTrue(m.contains("[4] (id 'dan') roles: at least one"), m);
        assertTrue(m.contains("[4] (id 'dan') passwordHash: required"), m);
        assertTrue(m.contains("[5] id: required"), m);
        assertTrue(m.contains("[5] roles: 'Bad Role' is not a valid name"), m);
        assertTrue(m.contains("[5] colour: unknown"), m);
        assertTrue(m.contains("[6]: must be an object"), m);
        assertFalse(m.contains("hunter22"), "a password given by mistake is not repeated");
    }

    @Test
    void aFileThatIsNotAJsonListSaysSo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Users.parse("{\"id\": 1}", "u.json"));
        assertTrue(e.getMessage().contains("u.json is not a JSON list of users"), e.getMessage());
    }
}
