package se.vaxel.cluster;

import java.util.concurrent.CompletionStage;

/** Sends a lease request to where the PBX's entry lives (the map's entry processor; tests hold some back). */
@FunctionalInterface
interface LeaseStore {
    CompletionStage<LeaseAnswer> submit(String pbx, LeaseRequest request);
}
