using Gateway.Actors.RateLimiting;

namespace Gateway.Actors.Wire;

/// <summary>The layouts of the rate limiter's messages between nodes.</summary>
internal static class RateLimiterWire
{
    public static readonly IReadOnlyList<WireCodec> Codecs =
    [
        WireCodec.For<RateLimiter.Check>("rl-check-1", WriteCheck, ReadCheck),
        WireCodec.For<RateLimiter.Decision>("rl-decision-1",
            (w, m) =>
            {
                w.Text(m.PolicyId); w.Text(m.ClientKey); w.Flag(m.Allowed); w.Int(m.Limit); w.Int(m.Remaining);
                w.Time(m.ResetAfter); w.Time(m.RetryAfter); w.Time(m.Window); w.Flag(m.CrossNode);
            },
            r => new RateLimiter.Decision(r.Text(), r.Text(), r.Flag(), r.Int(), r.Int(), r.Time(), r.Time(), r.Time()) { CrossNode = r.Flag() }),
        WireCodec.For<RateLimiter.GrantLease>("rl-grant-2",
            (w, m) =>
            {
                w.Text(m.PolicyId); w.Text(m.ClientKey); WritePolicy(w, m.Policy); w.Long(m.LeaseId); w.Int(m.Permits);
                w.Int(m.RemainingBeyond); w.Time(m.ResetAfterAllTaken); w.Long(m.TicksPerPermit); w.Time(m.Lifetime);
                w.Long(m.Replaces);
            },
            r => ReadGrant(r, withReplaces: true)),
        WireCodec.Superseded("rl-grant-1", r => ReadGrant(r, withReplaces: false)),
        WireCodec.For<RateLimiter.RenewLease>("rl-renew-1",
            (w, m) => { w.Text(m.PolicyId); w.Text(m.ClientKey); w.Long(m.LeaseId); w.Int(m.Taken); },
            r => new RateLimiter.RenewLease(r.Text(), r.Text(), r.Long(), r.Int())),
        WireCodec.For<RateLimiter.RevokeLease>("rl-revoke-1",
            (w, m) => { w.Text(m.PolicyId); w.Text(m.ClientKey); w.Long(m.LeaseId); },
            r => new RateLimiter.RevokeLease(r.Text(), r.Text(), r.Long())),
        WireCodec.For<RateLimiter.TakeFromLease>("rl-take-1",
            (w, m) => { WriteCheck(w, m.Check); w.Long(m.LeaseId); w.Actor(m.ReplyTo); },
            r => new RateLimiter.TakeFromLease(ReadCheck(r), r.Long(), r.Actor()!)),
        WireCodec.For<RateLimiter.LeaseReturned>("rl-returned-2",
            (w, m) => { w.Long(m.LeaseId); w.Int(m.Taken); w.Long(m.CarriedInto); w.Int(m.Carried); },
            r => new RateLimiter.LeaseReturned(r.Long(), r.Int()) { CarriedInto = r.Long(), Carried = r.Int() }),
        WireCodec.Superseded("rl-returned-1", r => new RateLimiter.LeaseReturned(r.Long(), r.Int())),
    ];

    // rl-grant-1 (before renewals) ends before Replaces.
    private static RateLimiter.GrantLease ReadGrant(WireReader r, bool withReplaces)
    {
        var grant = new RateLimiter.GrantLease(r.Text(), r.Text(), ReadPolicy(r), r.Long(), r.Int(), r.Int(), r.Time(), r.Long(), r.Time());
        return withReplaces ? grant with { Replaces = r.Long() } : grant;
    }

    private static void WriteCheck(WireWriter w, RateLimiter.Check m)
    {
        w.Text(m.PolicyId);
        w.Text(m.ClientKey);
        WritePolicy(w, m.Policy);
        w.Actor(m.Desk);
    }

    private static RateLimiter.Check ReadCheck(WireReader r) => new(r.Text(), r.Text(), ReadPolicy(r)) { Desk = r.Actor() };

    private static void WritePolicy(WireWriter w, RateLimiter.Settings policy)
    {
        w.Flag(policy.Enabled);
        w.Int(policy.Requests);
        w.Time(policy.Window);
        w.Byte((byte)policy.Algorithm);
        w.Byte((byte)policy.Key);
        w.Time(policy.IdleTimeout);
        w.Flag(policy.Leases);
    }

    private static RateLimiter.Settings ReadPolicy(WireReader r) =>
        new(r.Flag(), r.Int(), r.Time(), r.Enum<RateLimitAlgorithm>(), r.Enum<ClientKeySource>(), r.Time()) { Leases = r.Flag() };
}
