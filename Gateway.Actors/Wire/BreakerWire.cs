using Gateway.Actors.CircuitBreaking;
using static Gateway.Actors.CircuitBreaking.CircuitBreaker;

namespace Gateway.Actors.Wire;

/// <summary>The layouts of the circuit breaker's messages between nodes.</summary>
internal static class BreakerWire
{
    public static readonly IReadOnlyList<WireCodec> Codecs =
    [
        WireCodec.For<Report>("cb-report-1",
            (w, m) => { w.Text(m.Upstream); WriteOutcome(w, m.Outcome); w.Long(m.Epoch); },
            r => new Report(r.Text(), ReadOutcome(r), r.Long())),
        WireCodec.For<RequestProbe>("cb-probe-1", (w, m) => w.Text(m.Upstream), r => new RequestProbe(r.Text())),
        WireCodec.For<ProbeGranted>("cb-granted-1",
            (w, m) => { w.Text(m.Upstream); w.Long(m.Epoch); w.Flag(m.CrossNode); },
            r => new ProbeGranted(r.Text(), r.Long()) { CrossNode = r.Flag() }),
        WireCodec.For<Rejected>("cb-rejected-1",
            (w, m) => { w.Text(m.Upstream); w.Time(m.RetryAfter); w.Flag(m.CrossNode); },
            r => new Rejected(r.Text(), r.Time()) { CrossNode = r.Flag() }),
        WireCodec.For<Configure>("cb-configure-1",
            (w, m) => { w.Text(m.Upstream); WriteSettings(w, m.Settings); },
            r => new Configure(r.Text(), ReadSettings(r))),
        WireCodec.For<Configured>("cb-configured-1",
            (w, m) => { w.Text(m.Upstream); WriteSnapshot(w, m.Snapshot); w.Text(m.Origin); },
            r => new Configured(r.Text(), ReadSnapshot(r), r.Text())),
        WireCodec.For<Retire>("cb-retire-1", (w, m) => w.Text(m.Upstream), r => new Retire(r.Text())),
        WireCodec.For<BreakerUpdate>("cb-update-1",
            (w, m) => { WriteSnapshot(w, m.Snapshot); w.Optional(m.Transition, t => WriteTransition(w, t)); w.Text(m.Origin); },
            r => new BreakerUpdate(ReadSnapshot(r), r.Optional(() => ReadTransition(r)), r.Text())),
        WireCodec.For<BreakerRetired>("cb-retired-1",
            (w, m) => { w.Text(m.Upstream); w.Text(m.Origin); },
            r => new BreakerRetired(r.Text(), r.Text())),
    ];

    // Success 0, Inconclusive 1, Failure 2 with its reason and optional status.
    private static void WriteOutcome(WireWriter w, Outcome outcome)
    {
        switch (outcome)
        {
            case Outcome.Success: w.Byte(0); break;
            case Outcome.Inconclusive: w.Byte(1); break;
            case Outcome.Failure failure:
                w.Byte(2);
                w.Byte((byte)failure.Reason);
                w.OptionalValue(failure.Status, w.Int);
                break;
        }
    }

    private static Outcome ReadOutcome(WireReader r) => r.Enum<OutcomeKind>() switch
    {
        OutcomeKind.Success => Outcome.Ok,
        OutcomeKind.Inconclusive => Outcome.Unknown,
        _ => new Outcome.Failure(r.Enum<FailureReason>(), r.OptionalValue(r.Int)),
    };

    private enum OutcomeKind : byte { Success, Inconclusive, Failure }

    private static void WriteSettings(WireWriter w, Settings settings)
    {
        w.Int(settings.MaxFailures);
        w.Time(settings.ResetTimeout);
        w.Time(settings.MaxResetTimeout);
        w.Time(settings.CallTimeout);
        w.Double(settings.ResetJitter);
    }

    private static Settings ReadSettings(WireReader r) => new(r.Int(), r.Time(), r.Time(), r.Time(), r.Double());

    private static void WriteSnapshot(WireWriter w, BreakerSnapshot s)
    {
        w.Text(s.Upstream);
        w.Byte((byte)s.State);
        w.Int(s.ConsecutiveFailures);
        w.OptionalValue(s.OpenUntil, w.Moment);
        w.Time(s.CurrentResetTimeout);
        w.Long(s.Transitions);
        w.Flag(s.ProbeInFlight);
        w.Moment(s.Since);
        w.Optional(s.Settings, settings => WriteSettings(w, settings));
    }

    private static BreakerSnapshot ReadSnapshot(WireReader r) =>
        new(r.Text(), r.Enum<BreakerState>(), r.Int(), r.OptionalValue(r.Moment), r.Time(), r.Long(), r.Flag(), r.Moment())
        {
            Settings = r.Optional(() => ReadSettings(r)),
        };

    private static void WriteTransition(WireWriter w, BreakerTransition t)
    {
        w.Text(t.Upstream);
        w.Byte((byte)t.From);
        w.Byte((byte)t.To);
        w.Int(t.ConsecutiveFailures);
        w.OptionalValue(t.NextRetry, w.Moment);
        w.Long(t.Transitions);
        w.Text(t.Cause);
        w.Moment(t.At);
    }

    private static BreakerTransition ReadTransition(WireReader r) =>
        new(r.Text(), r.Enum<BreakerState>(), r.Enum<BreakerState>(), r.Int(), r.OptionalValue(r.Moment), r.Long(), r.Text(), r.Moment());
}
