package se.vaxel.history;

import java.time.LocalDate;
import se.vaxel.metrics.QueueCounts;

/**
 * One service queue's counts over one local day (in the contact centre's time zone), with what they were measured
 * against: the queue's service-level time and the short-abandon limit at the time the day was computed.
 */
public record QueueDay(LocalDate day, String queue, QueueCounts counts, double targetSeconds, double shortAbandonSeconds) {}
