package se.vaxel.backoffice;

import static se.vaxel.cases.CaseSerializers.instant;
import static se.vaxel.cases.CaseSerializers.millis;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.Arrays;
import java.util.List;
import se.vaxel.cases.CaseEntry;

/**
 * Compact serialization of matters ({@code vaxel.Matter}): fields by name, so the indexes (department,
 * status, officer, citizenId, callerNumber, deadline) read them without deserializing. The timeline's
 * entries are the case register's {@code vaxel.CaseEntry}.
 */
public final class MatterSerializer implements CompactSerializer<Matter> {

    @Override
    public Matter read(CompactReader in) {
        CaseEntry[] timeline = in.readArrayOfCompact("timeline", CaseEntry.class);
        return new Matter(in.readString("id"), in.readString("department"), in.readString("summary"),
                in.readString("callerNumber"), in.readString("citizenId"), in.readString("service"),
                Matter.Status.fromWire(in.readString("status")), in.readString("transferredBy"),
                instant(in.readNullableInt64("transferredAt")), instant(in.readNullableInt64("deadline")), in.readString("officer"),
                in.readString("feedback"), instant(in.readNullableInt64("closedAt")),
                timeline == null ? List.of() : Arrays.asList(timeline), instant(in.readNullableInt64("updatedAt")),
                in.readBoolean("protectedIdentity"));
    }

    @Override
    public void write(CompactWriter out, Matter m) {
        out.writeString("id", m.id());
        out.writeString("department", m.department());
        out.writeString("summary", m.summary());
        out.writeString("callerNumber", m.callerNumber());
        out.writeString("citizenId", m.citizenId());
        out.writeString("service", m.service());
        out.writeString("status", m.status().wireName());
        out.writeString("transferredBy", m.transferredBy());
        out.writeNullableInt64("transferredAt", millis(m.transferredAt()));
        out.writeNullableInt64("deadline", millis(m.deadline()));
        out.writeString("officer", m.officer());
        out.writeString("feedback", m.feedback());
        out.writeNullableInt64("closedAt", millis(m.closedAt()));
        out.writeArrayOfCompact("timeline", m.timeline().toArray(CaseEntry[]::new));
        out.writeNullableInt64("updatedAt", millis(m.updatedAt()));
        out.writeBoolean("protectedIdentity", m.protectedIdentity());
    }

    @Override
    public String getTypeName() {
        return "vaxel.Matter";
    }

    @Override
    public Class<Matter> getCompactClass() {
        return Matter.class;
    }
}
