// Private helper for association.cpp: the exact p-value of an r x c table by the network
// algorithm (Mehta & Patel 1983, 1986). Not part of the public API.
#pragma once

#include <cstdint>
#include <vector>

namespace infant_all::detail {

struct FisherNetworkOutcome {
  enum class Stop { finished, work_limit, key_too_large };
  Stop stop = Stop::finished;
  double p = 0.0;  // when finished: the summed probability
};

// Inputs: the row and column totals of a table (every total > 0, at least 2 of each, the two
// sums equal), log_p_limit (a table counts when its log probability under independence given the
// margins is <= this), and max_work (a budget counted in column fillings visited, past
// probabilities carried and cells of the node bounds computed; the run stops with work_limit past
// it, or as soon as work it is certain to do (fillings of the nodes it has found, bounds of the
// children a stage will reach) would take it past). Output: the probability of the set of tables
// with these margins that count.
//
// The tables are paths through a network whose stage k is the multiset of row totals left after
// filling columns 1..k (rows are permutation-equivalent, so the node is the sorted vector). Each
// node carries the distinct "past" values (sum of -log x! over the cells filled so far) of the
// paths reaching it, with their multiplicities. At each node bounds on the longest and shortest
// completion (the largest and smallest sum of -log x! over the remaining cells: a Lagrangian
// bound from above, and from below the exact vertex minimum when two rows or two columns are left,
// else a relaxation to one margin; O(cells) each, memoized per node) decide each past at once:
// every completion counts, none does, or the past goes on to the next stage. Bounds that are not
// tight only let more pasts go on, so the p-value stays exact. Pasts at a node are sorted, so for
// one edge the pasts that settle are a prefix (added through prefix sums of their
// probabilities) and a suffix; only the band between moves on.
// Preconditions: as above; the caller handles 2 x 2 tables and degenerate margins.
FisherNetworkOutcome fisher_network_p(std::vector<int> rows, std::vector<int> cols,
                                      double log_p_limit, double max_work);

}  // namespace infant_all::detail
