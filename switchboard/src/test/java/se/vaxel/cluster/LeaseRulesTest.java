package se.vaxel.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import se.vaxel.cluster.LeaseAnswer.Granted;
import se.vaxel.cluster.LeaseAnswer.Refused;
import se.vaxel.cluster.LeaseAnswer.Released;
import se.vaxel.cluster.LeaseAnswer.Renewed;
import se.vaxel.cluster.LeaseRequest.Acquire;
import se.vaxel.cluster.LeaseRequest.Release;
import se.vaxel.cluster.LeaseRequest.Renew;

class LeaseRulesTest {

    private static final long TTL = 6_000_000_000L;
    private static final long WALL = 1_795_000_000_000L;

    private static LeaseRules.Here at(String member, long nanos) {
        return new LeaseRules.Here(member, nanos, WALL + nanos / 1_000_000, TTL);
    }

    private static LeaseRules.Outcome apply(PbxLease current, LeaseRequest request, LeaseRules.Here here) {
        return LeaseRules.decide(current, request, here);
    }

    /** A lease held by "a" on member m1 since {@code nanos} on partition owner p: past the reservation of a missing entry. */
    private static PbxLease heldSince(long nanos) {
        PbxLease reserved = apply(null, new Acquire("a", "m1"), at("p", nanos - TTL)).next();
        return apply(reserved, new Acquire("a", "m1"), at("p", nanos)).next();
    }

    @Test
    void aMissingEntryIsReservedForNobodyForATtlThenGrantedWithATokenFromTheWallClock() {
        LeaseRules.Outcome o = apply(null, new Acquire("a", "m1"), at("p", 100));
        assertEquals(new Refused(null, 0, TTL), o.answer(), "it may have been lost while its holder still acts");
        assertEquals(new PbxLease(null, null, 0, 100 + TTL, "p"), o.next());
        assertInstanceOf(Refused.class, apply(o.next(), new Acquire("b", "m2"), at("p", 99 + TTL)).answer());

        LeaseRules.Outcome granted = apply(o.next(), new Acquire("b", "m2"), at("p", 100 + TTL));
        long wall = at("p", 100 + TTL).wallMillis();
        assertEquals(new Granted(wall), granted.answer());
        assertEquals(new PbxLease("b", "m2", wall, 100 + 2 * TTL, "p"), granted.next());
    }

    @Test
    void aLiveLeaseIsRefusedWithItsRemainingTimeAndExpiredOneIsTakenWithAHigherToken() {
        PbxLease held = heldSince(0);
        LeaseRules.Outcome refused = apply(held, new Acquire("b", "m2"), at("p", TTL - 10));
        assertEquals(new Refused("m1", held.token(), 10), refused.answer());
        assertNull(refused.next(), "a refusal changes nothing");

        LeaseRules.Outcome taken = apply(held, new Acquire("b", "m2"), at("p", TTL));
        long token = ((Granted) taken.answer()).token();
        assertTrue(token > held.token());
        assertEquals("b", taken.next().holder());
    }

    @Test
    void tokensOnlyGrowEvenWhenTheWallClockIsBehind() {
        PbxLease ahead = new PbxLease("a", "m1", WALL + 1_000_000, 0, "p");
        LeaseRules.Outcome o = apply(ahead, new Acquire("b", "m2"), at("p", TTL));
        assertEquals(new Granted(WALL + 1_000_001), o.answer());
    }

    @Test
    void theHolderTakesItsOwnLeaseBackWithANewTokenAtOnce() {
        PbxLease held = heldSince(0);
        LeaseRules.Outcome again = apply(held, new Acquire("a", "m1"), at("p", 1));
        assertEquals(new Granted(held.token() + 1), again.answer());
    }

    @Test
    void onlyTheHolderWithItsTokenRenewsAndOnlyBeforeExpiry() {
        PbxLease held = heldSince(0);
        LeaseRules.Outcome renewed = apply(held, new Renew("a", held.token()), at("p", TTL / 2));
        assertEquals(new Renewed(held.token()), renewed.answer());
        assertEquals(TTL / 2 + TTL, renewed.next().expiresAt());

        assertInstanceOf(Refused.class, apply(held, new Renew("b", held.token()), at("p", 1)).answer());
        assertInstanceOf(Refused.class, apply(held, new Renew("a", held.token() - 1), at("p", 1)).answer());
        LeaseRules.Outcome late = apply(held, new Renew("a", held.token()), at("p", TTL));
        assertInstanceOf(Refused.class, late.answer(), "expired: even the holder must acquire again, with a new token");
        assertNull(late.next());
    }

    @Test
    void anEntryAnotherMemberWroteIsNeverTakenAsExpiredButRestampedForAWholeTtl() {
        PbxLease written = heldSince(0);
        // Read on member q, whose nanoTime means nothing to p's: however late q's clock reads, the lease is not over.
        LeaseRules.Outcome o = apply(written, new Acquire("b", "m2"), at("q", Long.MAX_VALUE / 2));
        assertEquals(new Refused("m1", written.token(), TTL), o.answer());
        assertEquals(new PbxLease("a", "m1", written.token(), Long.MAX_VALUE / 2 + TTL, "q"), o.next());
        // From then on q's own clock applies.
        assertInstanceOf(Granted.class, apply(o.next(), new Acquire("b", "m2"), at("q", Long.MAX_VALUE / 2 + TTL)).answer());
        // The holder still renews across the move, and takes its own back at once.
        assertEquals(new Renewed(written.token()), apply(written, new Renew("a", written.token()), at("q", 5)).answer());
        assertInstanceOf(Granted.class, apply(written, new Acquire("a", "m1"), at("q", 5)).answer());
    }

    @Test
    void aReleaseKeepsTheTokenAndFreesTheLeaseAtOnceWhereItWasWritten() {
        PbxLease held = heldSince(0);
        assertNull(apply(held, new Release("b", held.token()), at("p", 1)).next(), "only the holder releases");
        LeaseRules.Outcome released = apply(held, new Release("a", held.token()), at("p", 1));
        assertEquals(new Released(), released.answer());
        assertTrue(released.next().nobodys());
        assertEquals(held.token(), released.next().token());
        LeaseRules.Outcome next = apply(released.next(), new Acquire("b", "m2"), at("p", 2));
        assertTrue(((Granted) next.answer()).token() > held.token(), "free at once, with a higher token");
        // Moved before anyone took it: another member cannot tell a release from a lease, and waits a TTL.
        assertInstanceOf(Refused.class, apply(released.next(), new Acquire("b", "m2"), at("q", 2)).answer());
    }
}
