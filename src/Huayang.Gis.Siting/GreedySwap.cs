namespace Huayang.Gis.Siting;

/// <summary>
/// The heuristic: greedy with lazy (CELF) evaluation — a candidate's gain only shrinks as sites are added, so a stale
/// gain at the top of the queue is recomputed and only a fresh one is taken — then interchange (swap one chosen site
/// for one not chosen) while some swap adds weight, the best swap first.
/// </summary>
internal static class GreedySwap
{
    /// <summary>
    /// Up to <paramref name="p"/> candidates chosen greedily, stopping early once <paramref name="stopAt"/> weight is
    /// added or no candidate adds anything. Ties go to the lower candidate index.
    /// </summary>
    public static List<int> Greedy(CoverModel model, int p, long stopAt, CancellationToken cancellationToken)
    {
        var chosen = new List<int>();
        if (p == 0 || stopAt <= 0)
        {
            return chosen;
        }

        var covered = new bool[model.ClassCount];
        var stamp = new int[model.CandidateCount];
        var queue = new PriorityQueue<int, (long NegativeGain, int Candidate)>(model.CandidateCount);
        for (var c = 0; c < model.CandidateCount; c++)
        {
            var gain = model.SingleWeight(c);
            if (gain > 0)
            {
                queue.Enqueue(c, (-gain, c));
            }
        }

        long added = 0;
        var round = 0;
        while (chosen.Count < p && added < stopAt && queue.TryDequeue(out var candidate, out var priority))
        {
            if (stamp[candidate] == round)
            {
                chosen.Add(candidate);
                added += -priority.NegativeGain;
                foreach (var k in model.ClassesOf(candidate))
                {
                    covered[k] = true;
                }

                round++;
                if ((round & 15) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                continue;
            }

            long fresh = 0;
            foreach (var k in model.ClassesOf(candidate))
            {
                if (!covered[k])
                {
                    fresh += model.ClassWeight[k];
                }
            }

            stamp[candidate] = round;
            if (fresh > 0)
            {
                queue.Enqueue(candidate, (-fresh, candidate));
            }
        }

        return chosen;
    }

    /// <summary>
    /// Improves <paramref name="chosen"/> in place by swaps until no swap adds weight or <paramref name="maxSwaps"/>
    /// swaps were made; returns the number of swaps. Each pass costs one walk over every candidate's classes.
    /// </summary>
    public static int Swap(CoverModel model, List<int> chosen, int maxSwaps, CancellationToken cancellationToken)
    {
        if (chosen.Count == 0)
        {
            return 0;
        }

        var count = new int[model.ClassCount];
        // While count[k] == 1, owner[k] is the one chosen candidate covering class k (a running sum of the chosen
        // indices covering it).
        var owner = new long[model.ClassCount];
        var isChosen = new bool[model.CandidateCount];
        foreach (var c in chosen)
        {
            Add(model, c, count, owner);
            isChosen[c] = true;
        }

        var loss = new long[model.CandidateCount];
        var extra = new long[model.CandidateCount];
        var touched = new long[model.CandidateCount];
        var touchedList = new List<int>();
        var swaps = 0;
        var pass = 0;
        while (swaps < maxSwaps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            pass++;
            foreach (var s in chosen)
            {
                long l = 0;
                foreach (var k in model.ClassesOf(s))
                {
                    if (count[k] == 1)
                    {
                        l += model.ClassWeight[k];
                    }
                }

                loss[s] = l;
            }

            var byLoss = chosen.OrderBy(s => loss[s]).ThenBy(s => s).ToArray();
            long bestDelta = 0;
            int bestIn = -1, bestOut = -1;
            for (var c = 0; c < model.CandidateCount; c++)
            {
                if (isChosen[c])
                {
                    continue;
                }

                if ((c & 255) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                long gain = 0;
                var mark = ((long)pass * model.CandidateCount) + c + 1;
                touchedList.Clear();
                foreach (var k in model.ClassesOf(c))
                {
                    if (count[k] == 0)
                    {
                        gain += model.ClassWeight[k];
                    }
                    else if (count[k] == 1)
                    {
                        var u = (int)owner[k];
                        if (touched[u] != mark)
                        {
                            touched[u] = mark;
                            extra[u] = 0;
                            touchedList.Add(u);
                        }

                        extra[u] += model.ClassWeight[k];
                    }
                }

                if (gain == 0 && touchedList.Count == 0)
                {
                    continue;
                }

                // Removing s loses loss[s] but gives back extra[s] (classes c would cover that only s covered).
                var bestHere = long.MinValue;
                var outHere = -1;
                foreach (var u in touchedList)
                {
                    var v = extra[u] - loss[u];
                    if (v > bestHere || (v == bestHere && u < outHere))
                    {
                        (bestHere, outHere) = (v, u);
                    }
                }

                foreach (var s in byLoss)
                {
                    if (touched[s] == mark)
                    {
                        continue;
                    }

                    if (-loss[s] > bestHere || (-loss[s] == bestHere && s < outHere))
                    {
                        (bestHere, outHere) = (-loss[s], s);
                    }

                    break;
                }

                var delta = gain + bestHere;
                if (delta > bestDelta)
                {
                    (bestDelta, bestIn, bestOut) = (delta, c, outHere);
                }
            }

            if (bestDelta <= 0)
            {
                break;
            }

            Remove(model, bestOut, count, owner);
            Add(model, bestIn, count, owner);
            isChosen[bestOut] = false;
            isChosen[bestIn] = true;
            chosen[chosen.IndexOf(bestOut)] = bestIn;
            swaps++;
        }

        return swaps;
    }

    /// <summary>
    /// The candidates in the order a greedy pass over them alone would take them (most added first, ties to the lower
    /// index), each with the weight it adds after those before it.
    /// </summary>
    public static List<(int Candidate, long Added)> OrderByMarginal(CoverModel model, IEnumerable<int> candidates)
    {
        var left = candidates.Distinct().ToList();
        var covered = new bool[model.ClassCount];
        var ordered = new List<(int, long)>(left.Count);
        while (left.Count > 0)
        {
            var best = -1;
            long bestGain = -1;
            foreach (var c in left)
            {
                long gain = 0;
                foreach (var k in model.ClassesOf(c))
                {
                    if (!covered[k])
                    {
                        gain += model.ClassWeight[k];
                    }
                }

                if (gain > bestGain || (gain == bestGain && c < best))
                {
                    (best, bestGain) = (c, gain);
                }
            }

            ordered.Add((best, bestGain));
            left.Remove(best);
            foreach (var k in model.ClassesOf(best))
            {
                covered[k] = true;
            }
        }

        return ordered;
    }

    /// <summary>
    /// An upper bound on what any <paramref name="p"/> candidates can add, from submodularity: the weight
    /// <paramref name="chosen"/> adds plus the <paramref name="p"/> largest gains of single candidates on top of it.
    /// </summary>
    public static long SubmodularBound(CoverModel model, IReadOnlyCollection<int> chosen, int p)
    {
        var covered = new bool[model.ClassCount];
        long weight = 0;
        foreach (var c in chosen)
        {
            foreach (var k in model.ClassesOf(c))
            {
                if (!covered[k])
                {
                    covered[k] = true;
                    weight += model.ClassWeight[k];
                }
            }
        }

        var gains = new long[model.CandidateCount];
        for (var c = 0; c < model.CandidateCount; c++)
        {
            foreach (var k in model.ClassesOf(c))
            {
                if (!covered[k])
                {
                    gains[c] += model.ClassWeight[k];
                }
            }
        }

        Array.Sort(gains);
        long top = 0;
        for (var i = 0; i < p && i < gains.Length; i++)
        {
            top += gains[^(i + 1)];
        }

        return Math.Min(model.CoverableWeight, weight + top);
    }

    private static void Add(CoverModel model, int c, int[] count, long[] owner)
    {
        foreach (var k in model.ClassesOf(c))
        {
            count[k]++;
            owner[k] += c;
        }
    }

    private static void Remove(CoverModel model, int c, int[] count, long[] owner)
    {
        foreach (var k in model.ClassesOf(c))
        {
            count[k]--;
            owner[k] -= c;
        }
    }
}
