package se.vaxel.backoffice;

/**
 * A department of the municipality that takes matters the contact centre cannot settle.
 *
 * @param feedbackWorkingDays working days its handling officers have to give the citizen feedback
 */
public record Department(String id, String name, int feedbackWorkingDays) {}
