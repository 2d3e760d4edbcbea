using Gateway.Actors.CircuitBreaking;

namespace Gateway.Web.Balancing;

/// <summary>
/// Picks the upstream for one attempt from the breakers' published snapshots, without a message.
/// <para>
/// Balancing is <b>power of two choices on in-flight requests</b>: among the upstreams whose breakers
/// admit, take two at random and send to the one with fewer requests in flight. In-flight counts
/// follow how each upstream is really doing: a slow or struggling upstream piles up requests and is
/// given fewer new ones at once, which round-robin would keep feeding at the same rate until its
/// breaker opens. Two random samples rather than the global least-loaded avoid sending every
/// concurrent request to the same momentarily idle upstream (the herd a stale minimum draws), and
/// cost O(1) Interlocked reads. With two upstreams it is simply least-in-flight, ties broken at random.
/// </para>
/// <para>
/// A breaker that is due for a probe goes first: otherwise an upstream whose siblings carry the
/// traffic would never be tried again and would stay open forever. The probe request is the one that
/// risks failing; if it could not connect it may still be retried on a healthy sibling.
/// </para>
/// </summary>
public static class UpstreamBalancer
{
    // Routes rarely list more upstreams than this; beyond it the scratch space comes from the heap.
    private const int StackLimit = 32;

    /// <param name="excluded">An upstream already tried by this request, or -1.</param>
    /// <param name="mayProbe">False once this request has used its one Ask: due breakers then count as refusing.</param>
    public static UpstreamChoice Choose(UpstreamPool pool, BreakerBoard board, DateTimeOffset now, int excluded, bool mayProbe)
    {
        var count = pool.Count;
        Span<int> forward = count <= StackLimit ? stackalloc int[count] : new int[count];
        Span<int> due = count <= StackLimit ? stackalloc int[count] : new int[count];
        // The epoch and state each admitting verdict was made under: a report must carry exactly that
        // epoch (one read later could belong to a half-open breaker and pass for its probe's report).
        Span<long> epochs = count <= StackLimit ? stackalloc long[count] : new long[count];
        Span<BreakerState> states = count <= StackLimit ? stackalloc BreakerState[count] : new BreakerState[count];
        int forwardCount = 0, dueCount = 0;
        var refused = UpstreamChoice.Nothing;

        for (var i = 0; i < count; i++)
        {
            if (i == excluded) continue;
            var snapshot = board.Get(pool.Keys[i]);
            var decision = snapshot.Decide(now);
            epochs[i] = decision.Epoch;
            states[i] = snapshot.State;
            switch (decision.Verdict)
            {
                case BreakerVerdict.Forward:
                    forward[forwardCount++] = i;
                    break;
                case BreakerVerdict.AskForProbe when mayProbe:
                    due[dueCount++] = i;
                    break;
                default:
                    // Refusing (or due, with this request's Ask already spent: "come back soon").
                    var retryAfter = decision.Verdict == BreakerVerdict.FailFast
                        ? decision.RetryAfter
                        : BreakerSnapshot.ProbePendingRetryAfter;
                    if (refused.Kind != ChoiceKind.Refused || retryAfter < refused.RetryAfter)
                        refused = new UpstreamChoice(ChoiceKind.Refused, i, decision.Epoch, snapshot.State, retryAfter);
                    break;
            }
        }

        if (dueCount > 0)
        {
            var i = due[dueCount == 1 ? 0 : Random.Shared.Next(dueCount)];
            return new UpstreamChoice(ChoiceKind.AskForProbe, i, epochs[i], states[i], TimeSpan.Zero);
        }
        if (forwardCount > 0)
        {
            var i = LessLoadedOfTwo(pool, forward[..forwardCount]);
            return new UpstreamChoice(ChoiceKind.Forward, i, epochs[i], states[i], TimeSpan.Zero);
        }
        return refused;
    }

    private static int LessLoadedOfTwo(UpstreamPool pool, ReadOnlySpan<int> candidates)
    {
        if (candidates.Length == 1) return candidates[0];
        var first = Random.Shared.Next(candidates.Length);
        var second = Random.Shared.Next(candidates.Length - 1);
        if (second >= first) second++;
        int a = candidates[first], b = candidates[second];
        // Ties go to the first sample, itself random, so idle upstreams share the load evenly.
        return pool.InFlight(b) < pool.InFlight(a) ? b : a;
    }
}
