namespace Gateway.Web.Forwarding;

/// <summary>
/// What a caller of <see cref="UpstreamDispatcher"/> may watch or take over in one exchange (the cache does:
/// it copies the body it stores, answers a revalidation's 304 from memory, and serves a stale entry instead
/// of an upstream failure). The choice of upstream, the breaker and the retry stay the dispatcher's.
/// </summary>
public sealed class ExchangeHooks
{
    /// <summary>Each chunk of the response body, before it goes to the client.</summary>
    public Action<ReadOnlyMemory<byte>>? ResponseObserver { get; init; }

    /// <summary>
    /// The upstream's response head, before anything of it is relayed. True: the caller has answered the client
    /// itself, and the forwarder relays nothing (the breaker has heard the status either way).
    /// </summary>
    public Func<HttpResponseMessage, ValueTask<bool>>? TakeOver { get; init; }

    /// <summary>
    /// Asked before the gateway writes its own error for a request no upstream answered (every breaker refusing,
    /// or a failed forward: given the failed attempt, null when no upstream was called). True: the caller has
    /// answered the client itself.
    /// </summary>
    public Func<ForwardResult?, ValueTask<bool>>? InsteadOfError { get; init; }
}
