package se.vaxel.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class MaskingTest {

    @Test
    void aPhoneNumberKeepsOnlyItsLastThreeDigits() {
        assertEquals("+********567", Masking.phone("+46701234567"));
        assertFalse(Masking.phone("+46701234567").contains("70123"));
    }

    @Test
    void shortNumbersKeepLess() {
        assertEquals("****", Masking.phone("1001"));
        assertEquals("****56", Masking.phone("123456"));
        assertEquals("-", Masking.phone(null));
    }

    @Test
    void personalIdentityNumbersAreMaskedWhole() {
        assertEquals("********-****", Masking.personalIdentityNumber("19121212-1212"));
    }
}
