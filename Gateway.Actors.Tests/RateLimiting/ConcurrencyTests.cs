using Akka.Actor;
using Akka.TestKit;
using Gateway.Actors.RateLimiting;

namespace Gateway.Actors.Tests.RateLimiting;

/// <summary>One client opening many connections at once gets exactly its quota, never more.</summary>
public class ConcurrencyTests : RateLimiterTestKit
{
    [Fact]
    public async Task SixtyParallelAsks_UnderThreePerWindow_AdmitExactlyThree()
    {
        var asks = Enumerable.Range(0, 60)
            .Select(_ => Task.Run(() => CheckAsync("203.0.113.7", ThreePerMinute)))
            .ToList();
        var decisions = await Task.WhenAll(asks);

        Assert.Equal(3, decisions.Count(d => d.Allowed));
        Assert.Equal(57, decisions.Count(d => !d.Allowed));
        Assert.Equal([0, 1, 2], decisions.Where(d => d.Allowed).Select(d => d.Remaining).Order());
        Assert.Equal(1, await LiveLimitersAsync());
    }

    [Fact]
    public async Task SixtyProbesSendingFromManyThreads_EachGetExactlyOneDecision_AndThreeAreAdmitted()
    {
        var probes = Enumerable.Range(0, 60).Select(_ => CreateTestProbe()).ToList();
        var check = CheckOf("203.0.113.7", ThreePerMinute);

        Parallel.ForEach(probes, probe => Registry.Tell(check, probe.Ref));

        var decisions = new List<RateLimiter.Decision>();
        foreach (var probe in probes)
        {
            decisions.Add(await probe.ExpectMsgAsync<RateLimiter.Decision>(AskTimeout));
            await probe.ExpectNoMsgAsync(TimeSpan.Zero);
        }
        Assert.Equal(3, decisions.Count(d => d.Allowed));
    }

    [Fact]
    public async Task ManyClientsInParallel_EachGetTheirOwnQuota()
    {
        var clients = Enumerable.Range(1, 20).Select(i => $"10.0.0.{i}").ToList();

        var asks = clients.SelectMany(client => Enumerable.Range(0, 5)
            .Select(_ => Task.Run(() => CheckAsync(client, ThreePerMinute))));
        var decisions = await Task.WhenAll(asks);

        Assert.All(decisions.GroupBy(d => d.ClientKey), perClient => Assert.Equal(3, perClient.Count(d => d.Allowed)));
        Assert.Equal(20, await LiveLimitersAsync());
    }
}
