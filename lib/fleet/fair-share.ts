// How many hosts one worker should hold, given how many hosts and live workers there are. Pure, so
// the split is unit-tested; lib/fleet/host-leases applies it in Postgres.
//
// Every worker aims at ceil(hosts / workers): the targets of all live workers add up to at least the
// number of hosts, so no host is left out. A worker gives hosts back only when it holds more than
// target + slack, so leases do not flap over a host or two, unless some live worker holds clearly
// less than the target (one that just joined or came back): then everyone above the target gives
// back down to it, so the newcomer gets its share even in a small fleet.

export type TShare = { target: number; slack: number; claim: number; release: number };

/**
 * Hosts one worker claims per tick at most. Workers started together do not all see each other at
 * their first tick: without a cap the first one would take every host (and open every SSH connection,
 * rebuild every run's state) only to give most of them back a second later. 25 covers a dead worker's
 * share of 100 hosts in one tick.
 */
export const MAX_CLAIM_PER_TICK = 25;

export function slackFor(target: number): number {
  return Math.max(1, Math.ceil(target / 20));
}

export function fairShare(o: { hosts: number; aliveWorkers: number; held: number; minHeld?: number }): TShare {
  const workers = Math.max(1, o.aliveWorkers);
  const target = Math.ceil(o.hosts / workers);
  const slack = slackFor(target);
  const starving = o.minHeld !== undefined && o.minHeld < target - 1;
  const over = starving ? o.held > target : o.held > target + slack;
  return { target, slack, claim: Math.min(MAX_CLAIM_PER_TICK, Math.max(0, target - o.held)), release: over ? o.held - target : 0 };
}
