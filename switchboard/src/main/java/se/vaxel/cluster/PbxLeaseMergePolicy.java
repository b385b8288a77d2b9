package se.vaxel.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;
import com.hazelcast.spi.merge.MergingValue;

/**
 * How {@code pbx-owners} entries merge when a split cluster heals: the highest epoch is kept, and the holder is the
 * one of the cluster merged into ({@code existing}), which is the larger side, the only one that can have had the
 * quorum and so the only one where a node may still act on its lease.
 * <p>
 * Why not simply the entry with the higher epoch: in the first moments of a split, before the sides see that they
 * are apart, the minority can still write an entry with a higher epoch that nobody acts on (its grant waits for a
 * backup across the split and comes too late to count), while an owner on the larger side keeps renewing a lower
 * one. Taking the minority's entry whole would hand the PBX to a node that takes it back at once while that owner
 * still acts. Keeping the larger side's holder under the higher epoch instead makes that owner's next renewal fail
 * (the token differs), so it steps down, and its next acquire gets a token above both.
 * <p>
 * It reads only the values ({@link MergingValue}), so the map needs no per-entry statistics.
 */
public final class PbxLeaseMergePolicy implements SplitBrainMergePolicy<PbxLease, MergingValue<PbxLease>, Object> {

    @Override
    public Object merge(MergingValue<PbxLease> merging, MergingValue<PbxLease> existing) {
        if (existing == null) {
            return merging.getRawValue();
        }
        PbxLease theirs = merging.getDeserializedValue();
        PbxLease ours = existing.getDeserializedValue();
        if (theirs == null || ours == null || theirs.token() <= ours.token()) {
            return ours == null ? merging.getRawValue() : existing.getRawValue();
        }
        return new PbxLease(ours.holder(), ours.holderMember(), theirs.token(), ours.expiresAt(), ours.writtenBy());
    }

    @Override
    public void writeData(ObjectDataOutput out) {
        // no state
    }

    @Override
    public void readData(ObjectDataInput in) {
        // no state
    }
}
