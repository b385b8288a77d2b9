package se.vaxel.cluster;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;

/**
 * A PBX's entry in the {@code pbx-owners} map: who holds the lease ({@code holder}, a contender's id, and its
 * member; both null when released or reserved for nobody), the fencing token of that ownership (the last one issued),
 * and until when it is in force.
 * <p>
 * {@code expiresAt} is a {@link System#nanoTime()} of the member that wrote the entry ({@code writtenBy}): a
 * monotonic clock, so a wall-clock step cannot end a lease early, but one that only that member can read. A
 * member that finds an entry another member wrote (the partition moved) gives the lease a whole TTL from its
 * own now instead (see {@link LeaseRules}). Serializable as well, for the backup processor that carries it
 * ({@link LeaseProcessor}); in the map it is Compact.
 */
public record PbxLease(String holder, String holderMember, long token, long expiresAt, String writtenBy)
        implements java.io.Serializable {

    /** Held by nobody: released, or reserved while it may have been lost. */
    boolean nobodys() {
        return holder == null;
    }

    boolean heldBy(String contender, long token) {
        return contender.equals(holder) && this.token == token;
    }

    /** Compact, fields by name ({@code vaxel.PbxLease}). */
    static final class Serializer implements CompactSerializer<PbxLease> {
        @Override
        public PbxLease read(CompactReader in) {
            return new PbxLease(in.readString("holder"), in.readString("holderMember"), in.readInt64("token"),
                    in.readInt64("expiresAt"), in.readString("writtenBy"));
        }

        @Override
        public void write(CompactWriter out, PbxLease lease) {
            out.writeString("holder", lease.holder());
            out.writeString("holderMember", lease.holderMember());
            out.writeInt64("token", lease.token());
            out.writeInt64("expiresAt", lease.expiresAt());
            out.writeString("writtenBy", lease.writtenBy());
        }

        @Override
        public String getTypeName() {
            return "vaxel.PbxLease";
        }

        @Override
        public Class<PbxLease> getCompactClass() {
            return PbxLease.class;
        }
    }
}
