namespace Gateway.Actors.RateLimiting;

/// <summary>
/// Entity id: <see cref="LimiterName"/> of (policy, client) (an API key hashed, never in a path);
/// shard id: a stable hash of it.
/// </summary>
internal sealed class LimiterShards() : StableHashShards(ShardCount)
{
    /// <summary>Ten shards per node of a large cluster; fixed for the cluster's life (changing it moves every client).</summary>
    public const int ShardCount = 100;

    public static LimiterShards Instance { get; } = new();

    /// <summary>The shard (0 to <see cref="ShardCount"/> - 1) whose entity decides <paramref name="check"/>.</summary>
    public static int ShardIndexOf(RateLimiter.Check check) =>
        Instance.ShardIndexOf(EntityIdOf(check));

    public override string? EntityId(object message) => message switch
    {
        RateLimiter.Check check => EntityIdOf(check),
        _ => null,
    };

    private static string EntityIdOf(RateLimiter.Check check) => LimiterName.For(check.PolicyId, check.ClientKey, check.Policy.Key);
}
