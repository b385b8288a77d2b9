package se.vaxel.cases;

import com.hazelcast.nio.serialization.FieldKind;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.time.Instant;
import java.util.Arrays;

/**
 * Compact serialization of cases for the replicated register: a schema per type, fields by name, so the
 * indexes (callerNumber, citizenId, service, department, outcome, arrivedAt, protectedIdentity) query fields without
 * deserializing, and a node running a newer Växel can read what an older one wrote.
 */
public final class CaseSerializers {

    private CaseSerializers() {}

    public static final class CaseSerializer implements CompactSerializer<Case> {
        @Override
        public Case read(CompactReader in) {
            CaseEntry[] timeline = in.readArrayOfCompact("timeline", CaseEntry.class);
            return new Case(in.readString("id"), in.readString("callerNumber"), in.readString("citizenId"),
                    in.readString("service"), Case.Outcome.fromWire(in.readString("outcome")), in.readString("agent"),
                    instant(in.readNullableInt64("arrivedAt")), instant(in.readNullableInt64("answeredAt")),
                    instant(in.readNullableInt64("endedAt")), in.readNullableFloat64("waitSeconds"),
                    in.readNullableFloat64("talkSeconds"), in.readString("category"), in.readString("notes"),
                    in.readString("resolution"), in.readString("department"),
                    timeline == null ? java.util.List.of() : Arrays.asList(timeline), instant(in.readNullableInt64("updatedAt")),
                    // absent from what a node without protected identities wrote: not known to be protected
                    in.getFieldKind("protectedIdentity") == FieldKind.BOOLEAN && in.readBoolean("protectedIdentity"));
        }

        @Override
        public void write(CompactWriter out, Case c) {
            out.writeString("id", c.id());
            out.writeString("callerNumber", c.callerNumber());
            out.writeString("citizenId", c.citizenId());
            out.writeString("service", c.service());
            out.writeString("outcome", c.outcome().wireName());
            out.writeString("agent", c.agent());
            out.writeNullableInt64("arrivedAt", millis(c.arrivedAt()));
            out.writeNullableInt64("answeredAt", millis(c.answeredAt()));
            out.writeNullableInt64("endedAt", millis(c.endedAt()));
            out.writeNullableFloat64("waitSeconds", c.waitSeconds());
            out.writeNullableFloat64("talkSeconds", c.talkSeconds());
            out.writeString("category", c.category());
            out.writeString("notes", c.notes());
            out.writeString("resolution", c.resolution());
            out.writeString("department", c.department());
            out.writeArrayOfCompact("timeline", c.timeline().toArray(CaseEntry[]::new));
            out.writeNullableInt64("updatedAt", millis(c.updatedAt()));
            // Derived from the timeline and never read back: there for queries (retention finds what is left to do).
            out.writeNullableInt64("anonymisedAt", millis(c.anonymisedAt()));
            out.writeBoolean("protectedIdentity", c.protectedIdentity());
        }

        @Override
        public String getTypeName() {
            return "vaxel.Case";
        }

        @Override
        public Class<Case> getCompactClass() {
            return Case.class;
        }
    }

    public static final class CaseEntrySerializer implements CompactSerializer<CaseEntry> {
        @Override
        public CaseEntry read(CompactReader in) {
            return new CaseEntry(instant(in.readNullableInt64("at")), in.readString("what"), in.readString("who"),
                    in.readString("detail"));
        }

        @Override
        public void write(CompactWriter out, CaseEntry e) {
            out.writeNullableInt64("at", millis(e.at()));
            out.writeString("what", e.what());
            out.writeString("who", e.who());
            out.writeString("detail", e.detail());
        }

        @Override
        public String getTypeName() {
            return "vaxel.CaseEntry";
        }

        @Override
        public Class<CaseEntry> getCompactClass() {
            return CaseEntry.class;
        }
    }

    public static Long millis(Instant at) {
        return at == null ? null : at.toEpochMilli();
    }

    public static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
