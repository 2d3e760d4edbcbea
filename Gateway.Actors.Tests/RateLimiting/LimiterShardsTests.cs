using Gateway.Actors.RateLimiting;

namespace Gateway.Actors.Tests.RateLimiting;

/// <summary>How checks find their limiter in the cluster: one entity per (policy, client), the same shard on every node.</summary>
public class LimiterShardsTests : RateLimiterTestKit
{
    [Fact]
    public async Task OneLimiter_PerPolicyAndClient()
    {
        await CheckAsync("10.0.0.1", ThreePerMinute, "service-a");
        await CheckAsync("10.0.0.1", ThreePerMinute, "service-a");
        await CheckAsync("10.0.0.1", ThreePerMinute, "service-b");
        await CheckAsync("10.0.0.2", ThreePerMinute, "service-a");

        Assert.Equal(3, await LiveLimitersAsync());
    }

    [Fact]
    public void ShardOfAClient_IsTheSameForEveryCheck_AndWithinTheShardCount()
    {
        var first = ShardOf(new RateLimiter.Check("default", "10.0.0.1", ThreePerMinute));
        var again = ShardOf(new RateLimiter.Check("default", "10.0.0.1", ThreePerMinute with { Requests = 7 }));

        Assert.Equal(first, again);
        var shards = Enumerable.Range(0, 1000)
            .Select(i => int.Parse(ShardOf(new RateLimiter.Check("default", $"10.0.{i / 256}.{i % 256}", ThreePerMinute))))
            .ToList();
        Assert.All(shards, shard => Assert.InRange(shard, 0, LimiterShards.ShardCount - 1));
        // Spread: a thousand clients land on most of the shards, not a few.
        Assert.True(shards.Distinct().Count() > LimiterShards.ShardCount * 9 / 10);
    }

    private static string ShardOf(RateLimiter.Check check) =>
        RateLimiter.MessageExtractor.ShardId(RateLimiter.MessageExtractor.EntityId(check)!, check);

    [Fact]
    public void ApiKeyClients_AreNamedByAHash_NeverByTheKey()
    {
        var byKey = ThreePerMinute with { Key = ClientKeySource.ApiKey };

        var entity = RateLimiter.MessageExtractor.EntityId(new RateLimiter.Check("default", "s3cret-key", byKey));

        Assert.DoesNotContain("s3cret", entity);
    }
}
