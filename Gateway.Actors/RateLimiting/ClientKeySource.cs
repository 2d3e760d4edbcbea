namespace Gateway.Actors.RateLimiting;

/// <summary>What identifies "one client" for a policy (HOCON <c>rate-limit.key</c>).</summary>
public enum ClientKeySource
{
    /// <summary><c>client-ip</c> (the default): the client address as the web layer resolves it.</summary>
    ClientIp,

    /// <summary>
    /// <c>api-key</c>: the caller's API key. The limiter never puts such a key into an actor name
    /// (names show up in logs); it hashes it instead.
    /// </summary>
    ApiKey,
}
