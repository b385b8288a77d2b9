package se.vaxel.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CitizenDirectoryTest {

    @Test
    void aFileDirectoryFindsCitizensByEachOfTheirNumbersAndById() {
        FileCitizenDirectory d = FileCitizenDirectory.parse("""
                [{"id": "c-1", "name": "Anna", "numbers": ["+46701740611", "+4684000001"]},
                 {"id": "c-2", "protectedIdentity": true, "numbers": ["+46701740622"]}]
                """, "test");
        assertEquals("c-1", d.byNumber("+4684000001").orElseThrow().id());
        assertTrue(d.byId("c-2").orElseThrow().protectedIdentity());
        assertFalse(d.byNumber("+46700000000").isPresent());
        assertEquals("Citizen[c-2, protected]", d.byId("c-2").orElseThrow().toString(), "no personal data when logged");
    }

    @Test
    void aBrokenFileIsReportedWholeWithoutPersonalData() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FileCitizenDirectory.parse("""
                [{"id": "c-1", "personalIdentityNumber": "19800101-1234", "numbers": ["+46701740611"]},
                 {"id": "c-1", "numbers": ["+46701740611"]},
                 {"name": "nobody"}, 7]
                """, "citizens.json"));
        assertTrue(e.getMessage().contains("[1].id: 'c-1' is used twice"), e.getMessage());
        assertTrue(e.getMessage().contains("[1].numbers: a number of citizen c-1 also belongs to citizen c-1"), e.getMessage());
        assertTrue(e.getMessage().contains("[2].id: required"), e.getMessage());
        assertTrue(e.getMessage().contains("[3]: must be an object"), e.getMessage());
        assertFalse(e.getMessage().contains("19800101"), "no personal identity number in the error");
    }

    @Test
    void aMunicipalitysOwnRegisterIsPluggedInByClassName() {
        CitizenDirectory d = CitizenDirectory.from(Map.of("VAXEL_CITIZEN_DIRECTORY_CLASS", OwnRegister.class.getName(),
                "VAXEL_OWN_REGISTER_PREFIX", "reg-"));
        assertEquals("reg-+46701740611", d.byNumber("+46701740611").orElseThrow().id());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CitizenDirectory.from(Map.of("VAXEL_CITIZEN_DIRECTORY_CLASS", "no.such.Register")));
        assertTrue(e.getMessage().startsWith("VAXEL_CITIZEN_DIRECTORY_CLASS"), e.getMessage());
        assertEquals(CitizenDirectory.EMPTY, CitizenDirectory.from(Map.of()));
    }

    /** What a municipality would write: its own lookup, configured from Växel's settings. */
    public static final class OwnRegister implements CitizenDirectory {
        private final String prefix;

        public OwnRegister(Map<String, String> settings) {
            this.prefix = settings.get("VAXEL_OWN_REGISTER_PREFIX");
        }

        @Override
        public Optional<Citizen> byNumber(String phoneNumber) {
            return Optional.of(new Citizen(prefix + phoneNumber, null, null, null, false, java.util.List.of(phoneNumber)));
        }

        @Override
        public Optional<Citizen> byId(String id) {
            return Optional.empty();
        }
    }
}
