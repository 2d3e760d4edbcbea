using Microsoft.AspNetCore.Http;

namespace Gateway.Web.Http;

/// <summary>
/// The gateway's own answer to a request that goes no further (no route, no key, over its limit, no
/// upstream to call) or whose upstream gave no answer: an RFC 9457 problem and the fields that go with
/// it. A stage returns one; only the request pipeline writes it (<see cref="WriteAsync"/>), so the
/// pipeline file shows every way a request can end.
/// </summary>
/// <param name="Status">The status; 0 for <see cref="ClientGone"/>.</param>
public sealed record Refusal(int Status, string Title, string Detail)
{
    /// <summary>The client went away: the request is over and nobody is listening for an answer.</summary>
    public static readonly Refusal ClientGone = new(0, "", "");

    /// <summary>Response fields that go with the problem (<c>Retry-After</c>, <c>WWW-Authenticate</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields { get; init; } = [];

    /// <summary>The gateway answered without calling any upstream, so no cache header says the request went on to one.</summary>
    public bool NotForwarded { get; init; }

    public Refusal With(string field, string value) => this with { Fields = [.. Fields, new(field, value)] };

    public Task WriteAsync(HttpContext context)
    {
        if (ReferenceEquals(this, ClientGone)) return Task.CompletedTask;
        if (NotForwarded) RequestOutcome.Of(context).NotForwarded = true;
        foreach (var (name, value) in Fields) context.Response.Headers[name] = value;
        return Problems.WriteAsync(context, Status, Title, Detail);
    }
}
