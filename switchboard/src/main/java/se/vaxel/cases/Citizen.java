package se.vaxel.cases;

import java.util.List;

/**
 * A person the municipality knows, as the citizen directory tells it: who a caller number belongs to.
 * {@code protectedIdentity} (skyddad identitet): name, address and personal identity number are never shown,
 * and their cases only to the roles configured for them. Never log the personal identity number unmasked.
 */
public record Citizen(String id, String name, String personalIdentityNumber, String address, boolean protectedIdentity,
        List<String> numbers) {

    public Citizen {
        numbers = List.copyOf(numbers);
    }

    @Override
    public String toString() {
        return "Citizen[" + id + (protectedIdentity ? ", protected" : "") + "]"; // no personal data in logs
    }
}
