package se.vaxel.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.hazelcast.spi.merge.MergingValue;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/** The merge policy on its own (the split-brain test sees it applied by Hazelcast after a real merge). */
class PbxLeaseMergePolicyTest {

    private final PbxLeaseMergePolicy policy = new PbxLeaseMergePolicy();

    /** A merging entry: the raw value stands for Hazelcast's serialized form. */
    @SuppressWarnings("unchecked")
    private static MergingValue<PbxLease> entry(PbxLease lease, Object raw) {
        return (MergingValue<PbxLease>) Proxy.newProxyInstance(PbxLeaseMergePolicyTest.class.getClassLoader(),
                new Class<?>[] {MergingValue.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getDeserializedValue", "getValue" -> lease;
                    case "getRawValue" -> raw;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void theLargerSidesEntryStaysWhenItsEpochIsHigherOrEqual() {
        Object ours = "ours";
        PbxLease majority = new PbxLease("b", "mb", 20, 5, "mb");
        assertSame(ours, policy.merge(entry(new PbxLease("c", "mc", 10, 9, "mc"), "theirs"), entry(majority, ours)));
        assertSame(ours, policy.merge(entry(new PbxLease("c", "mc", 20, 9, "mc"), "theirs"), entry(majority, ours)));
    }

    @Test
    void aHigherEpochFromTheMergingSideIsKeptButNotItsHolder() {
        PbxLease majority = new PbxLease("b", "mb", 20, 5, "mb");
        Object merged = policy.merge(entry(new PbxLease("c", "mc", 30, 9, "mc"), "theirs"), entry(majority, "ours"));
        // b's next renewal (token 20) is refused, so b stops; whoever acquires next gets a token above 30.
        assertEquals(new PbxLease("b", "mb", 30, 5, "mb"), merged);
    }

    @Test
    void anEntryOnlyTheMergingSideHasIsTaken() {
        Object theirs = "theirs";
        assertSame(theirs, policy.merge(entry(new PbxLease("c", "mc", 30, 9, "mc"), theirs), null));
    }
}
