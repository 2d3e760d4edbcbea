using Gateway.Web.Observability;
using Gateway.Web.Tests.Infrastructure;

namespace Gateway.Web.Tests.Observability;

/// <summary>The busiest rate-limited clients, kept in a fixed number of counters whatever the number of clients.</summary>
public sealed class DeniedClientsTests
{
    private readonly ManualTime _time = new(DateTimeOffset.UnixEpoch);

    [Fact]
    public void HeavyHitter_StaysOnTop_WhileThousandsOfOneOffClientsPassThrough()
    {
        var denied = new DeniedClients(capacity: 8, _time);
        // Space-Saving keeps every client with more than 1/capacity of all denials: 500 of 2,600 here.
        for (var i = 0; i < 500; i++) denied.Record("198.51.100.1");
        for (var i = 0; i < 2_000; i++) denied.Record($"10.0.{i / 256}.{i % 256}");
        for (var i = 0; i < 100; i++) denied.Record("198.51.100.2");

        var top = denied.Top(100);

        Assert.Equal("198.51.100.1", top[0].Client);
        Assert.Equal(500, top[0].Denials);
        Assert.Contains(top, c => c.Client == "198.51.100.2" && c.Denials >= 100);
        // Bounded: never more clients remembered than counters in the table.
        Assert.True(top.Count <= 8, $"{top.Count} clients remembered with 8 counters");
    }

    [Fact]
    public void Ranking_IsMostDeniedFirst_ThenByName()
    {
        var denied = new DeniedClients(capacity: 8, _time);
        foreach (var client in new[] { "b", "a", "c", "c", "b", "c" }) denied.Record(client);

        Assert.Equal([new ClientDenials("c", 3), new ClientDenials("b", 2), new ClientDenials("a", 1)], denied.Top(3));
        Assert.Equal([new ClientDenials("c", 3)], denied.Top(1));
    }

    [Fact]
    public void OldDenials_Fade_AfterTwoGenerations()
    {
        var denied = new DeniedClients(capacity: 8, _time);
        denied.Record("early");
        _time.Advance(DeniedClients.Generation);
        denied.Record("later");

        // One generation on: both still count (the last one to two generations are shown).
        Assert.Equal(["early", "later"], denied.Top(10).Select(c => c.Client).Order());

        _time.Advance(DeniedClients.Generation);
        Assert.Equal(["later"], denied.Top(10).Select(c => c.Client));

        _time.Advance(3 * DeniedClients.Generation);
        Assert.Empty(denied.Top(10));
    }
}
