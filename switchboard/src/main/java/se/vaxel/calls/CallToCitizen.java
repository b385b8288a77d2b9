package se.vaxel.calls;

import java.time.Duration;

/**
 * A call Växel places to a citizen on a staff member's behalf: the staff member's phone rings first and,
 * once they answer, the citizen is dialled from the municipality's number. Both a queue callback and a
 * handling officer's call back on a matter are one.
 *
 * @param id          names the call to the PBX (VAXEL_CALLBACK); it comes back with the call's end
 * @param number      the citizen's number
 * @param purpose     what the staff member's phone shows beside the number, e.g. "Callback"
 * @param fromNumber  the municipality's number the citizen sees
 * @param ringCitizen how long the citizen's phone rings
 * @param service     the service or department the call is for (the PBX's SERVICE variable, for its records)
 */
public record CallToCitizen(String id, String number, String purpose, String fromNumber, Duration ringCitizen, String service) {}
