using Akka.Actor;

namespace Gateway.Actors.RateLimiting;

/// <summary>
/// Routes each <see cref="RateLimiter.Check"/> to the limiter of its (policy, client), creating it on
/// first use, and puts idle limiters away so that memory follows the clients active now, not every
/// client ever seen.
/// </summary>
/// <remarks>
/// Passivation without losing or doubling a decision: a limiter that has been idle sends
/// <see cref="RateLimiter.Passivate"/>. From then on the registry holds back checks for that key and sends
/// the limiter <see cref="RateLimiter.StopIfIdle"/>, which queues behind every check already forwarded.
/// The limiter answers those first; then it either stops (and the held-back checks go, in order, to a
/// fresh limiter once <see cref="Terminated"/> arrives, since the name is taken until then) or, if those
/// checks left history behind, declines and gets the held-back checks itself.
/// </remarks>
internal sealed class RateLimiterRegistry : ReceiveActor
{
    private readonly record struct LimiterKey(string PolicyId, string ClientKey);

    private readonly record struct HeldCheck(RateLimiter.Check Check, IActorRef Sender);

    private readonly Dictionary<LimiterKey, IActorRef> _limiters = new();
    private readonly Dictionary<IActorRef, LimiterKey> _keysByLimiter = new();
    // Keys whose limiter was told to stop, with the checks that arrived since, oldest first.
    private readonly Dictionary<LimiterKey, List<HeldCheck>> _stopping = new();
    private readonly RateLimitBoard? _board;

    public RateLimiterRegistry(RateLimitBoard? board)
    {
        _board = board;
        Receive<RateLimiter.Check>(OnCheck);
        Receive<RateLimiter.Passivate>(OnPassivate);
        Receive<RateLimiter.PassivationDeclined>(OnDeclined);
        Receive<Terminated>(OnTerminated);
        Receive<RateLimiter.GetStats>(_ => Sender.Tell(new RateLimiter.Stats(_limiters.Count)));
    }

    private void OnCheck(RateLimiter.Check check)
    {
        // A malformed check must fail its own Ask, not crash the registry and every client's history with it.
        if (check.Policy is null || check.PolicyId is null || check.ClientKey is null)
        {
            Sender.Tell(new Status.Failure(new ArgumentException($"incomplete rate-limit check: {check}")));
            return;
        }

        if (!check.Policy.Enabled)
        {
            Sender.Tell(RateLimiter.Decision.NotEnforced(check));
            return;
        }

        var key = new LimiterKey(check.PolicyId, check.ClientKey);
        if (_stopping.TryGetValue(key, out var held))
        {
            held.Add(new HeldCheck(check, Sender));
            return;
        }

        if (!_limiters.TryGetValue(key, out var limiter)) limiter = Start(key, check.Policy);
        limiter.Forward(check);
    }

    private void OnPassivate(RateLimiter.Passivate passivate)
    {
        var key = new LimiterKey(passivate.PolicyId, passivate.ClientKey);
        // A request from anyone but the current limiter, or a repeated one, changes nothing.
        if (!_limiters.TryGetValue(key, out var limiter) || !limiter.Equals(Sender) || _stopping.ContainsKey(key))
            return;

        _stopping.Add(key, []);
        limiter.Tell(new RateLimiter.StopIfIdle(key.PolicyId, key.ClientKey));
    }

    private void OnDeclined(RateLimiter.PassivationDeclined declined)
    {
        var key = new LimiterKey(declined.PolicyId, declined.ClientKey);
        if (!_limiters.TryGetValue(key, out var limiter) || !limiter.Equals(Sender)) return;
        if (!_stopping.Remove(key, out var held)) return;

        foreach (var (check, sender) in held) limiter.Tell(check, sender);
    }

    private void OnTerminated(Terminated terminated)
    {
        if (!_keysByLimiter.Remove(terminated.ActorRef, out var key)) return;
        _limiters.Remove(key);

        if (!_stopping.Remove(key, out var held) || held.Count == 0) return;
        var fresh = Start(key, held[0].Check.Policy);
        foreach (var (check, sender) in held) fresh.Tell(check, sender);
    }

    private IActorRef Start(LimiterKey key, RateLimiter.Settings policy)
    {
        var name = LimiterName.For(key.PolicyId, key.ClientKey, policy.Key);
        var limiter = Context.ActorOf(ClientLimiter.Props(key.PolicyId, key.ClientKey, policy, _board), name);
        Context.Watch(limiter);
        _limiters.Add(key, limiter);
        _keysByLimiter.Add(limiter, key);
        return limiter;
    }
}
