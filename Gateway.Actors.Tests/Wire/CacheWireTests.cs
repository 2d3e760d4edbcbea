using System.Collections.Immutable;
using Akka.Actor;
using Gateway.Actors.Caching;
using Gateway.Actors.Wire;
using static Gateway.Actors.Caching.CacheEntry;
using static Gateway.Actors.Caching.ResponseCache;

namespace Gateway.Actors.Tests.Wire;

/// <summary>
/// The cache's messages that carry actors or a whole response survive the trip between nodes: every status,
/// header value, body byte and Vary value, the actors they name, and the response's age and lifetime.
/// </summary>
public class CacheWireTests : Akka.TestKit.Xunit2.TestKit
{
    private readonly WireSerializer _serializer;

    public CacheWireTests() => _serializer = new WireSerializer((ExtendedActorSystem)Sys);

    private static readonly FillTicket Ticket = new(Guid.NewGuid());

    private CachedResponse Response() =>
        new(404,
            [new CachedHeader("Content-Type", "text/plain; charset=utf-8"), new CachedHeader("X-Many", "a", "", "ü,b")],
            Enumerable.Range(0, 70_000).Select(i => (byte)i).ToArray(),
            Sys.Scheduler.Now - TimeSpan.FromSeconds(12),
            TimeSpan.FromSeconds(90),
            [new CachedHeader("Accept-Language", "de"), new CachedHeader("X-Absent"), new CachedHeader("X-Lines", "a ", " b")])
        {
            StaleWhileRevalidate = TimeSpan.FromSeconds(30),
            StaleIfError = TimeSpan.FromMinutes(5),
            KeepStale = TimeSpan.FromMinutes(5),
            MustRevalidate = true,
        };

    [Fact]
    public void FillCommand_RoundTrips_WithItsResponse_AndItsOrigin()
    {
        var origin = CreateTestProbe().Ref;
        var response = Response();
        var command = new EntryCommand("route-b", new Fill("route-b|/x", Ticket, response), origin);

        var back = RoundTrip(command);

        Assert.Equal("route-b", back.CacheId);
        Assert.Equal(origin, back.Origin);
        var fill = Assert.IsType<Fill>(back.Command);
        Assert.Equal(("route-b|/x", Ticket), (fill.Key, fill.Ticket));
        AssertSameResponse(response, fill.Entry);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void OtherCommands_RoundTrip(IKeyedCommand command)
    {
        var origin = CreateTestProbe().Ref;

        var back = RoundTrip(new EntryCommand("", command, origin));

        Assert.Equal(command, back.Command);
        Assert.Equal(origin, back.Origin);
        Assert.Equal(CacheShards.EntityIdOf("", command.Key), back.EntityId);
    }

    public static TheoryData<IKeyedCommand> Commands() =>
    [
        new Lookup("k", TimeSpan.FromMilliseconds(1500), WillFill: false),
        new Lookup("k"),
        new Lookup("k", Freshness: new RequestFreshness(TimeSpan.Zero, null)),
        new Lookup("k", Freshness: new RequestFreshness(null, TimeSpan.FromSeconds(30))),
        new AbandonFill("k", Ticket, "upstream-timeout"),
        new Invalidate("k", Revoked: true),
        new Lookup("k") { Fields = RequestFields.None },
        new Lookup("k", Freshness: new RequestFreshness(null, null, TimeSpan.MaxValue))
        {
            Fields = new RequestFields([new CachedHeader("Accept-Language", "de, en;q=0.5"), new CachedHeader("X-Empty", ""), new CachedHeader("Accept-Encoding", "gzip, br")]),
        },
    ];

    [Fact]
    public void LookupInTheFirstLayout_IsStillRead_AsALookupWithoutFields()
    {
        var origin = CreateTestProbe().Ref;
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write("route-b");                    // cache id
            writer.Write((byte)0);                      // a lookup
            writer.Write("k");
            writer.Write(false);                        // no MaxWait
            writer.Write(true);                         // WillFill
            writer.Write(false);                        // no Freshness
            writer.Write(true);                         // the origin
            writer.Write(Akka.Serialization.Serialization.SerializedActorPath(origin));
        }

        var back = (EntryCommand)_serializer.FromBinary(buffer.ToArray(), "ca-command-1");

        Assert.Equal(new EntryCommand("route-b", new Lookup("k"), origin), back);
        Assert.Null(((Lookup)back.Command).Fields);
    }

    [Fact]
    public void RepliesInTheFirstLayout_AreStillRead_WithoutTheVaryMissMark()
    {
        // The first layouts are the second without its last byte, the mark.
        var stale = Response();
        var upstream = _serializer.ToBinary(new GoUpstream("k", "fill-wait-expired") { VaryMiss = true });
        var miss = _serializer.ToBinary(new Miss("k", Ticket) { Stale = stale, VaryMiss = true });

        Assert.Equal(new GoUpstream("k", "fill-wait-expired") { CrossNode = true }, _serializer.FromBinary(upstream[..^1], "ca-upstream-1"));
        var missBack = Assert.IsType<Miss>(_serializer.FromBinary(miss[..^1], "ca-miss-1"));
        Assert.False(missBack.VaryMiss);
        AssertSameResponse(stale, missBack.Stale!);
    }

    [Fact]
    public void MissWithTheVaryMissMark_RoundTrips() =>
        Assert.True(RoundTrip(new Miss("k", Ticket) { VaryMiss = true }).VaryMiss);

    [Fact]
    public void Copy_RoundTrips_WithItsRequesters()
    {
        var requesters = ImmutableArray.Create(CreateTestProbe().Ref, CreateTestProbe().Ref);
        var copy = new Copy("k", Ticket, Response(), requesters, Collapsed: true);

        var back = RoundTrip(copy);

        Assert.Equal((copy.Key, copy.Ticket, copy.Collapsed), (back.Key, back.Ticket, back.Collapsed));
        Assert.Equal(requesters.ToArray(), back.Requesters.ToArray());
        AssertSameResponse(copy.Entry, back.Entry);
    }

    [Fact]
    public void StaleHit_RoundTrips_WithItsRefreshTicket()
    {
        var hit = new Hit("k", Response(), TimeSpan.FromSeconds(95), Collapsed: false) { StaleReason = "stale-while-revalidate", Refresh = Ticket };

        var back = RoundTrip(hit);

        Assert.Equal((hit.Key, hit.Age, hit.Collapsed, hit.StaleReason, hit.Refresh), (back.Key, back.Age, back.Collapsed, back.StaleReason, back.Refresh));
        AssertSameResponse(hit.Entry, back.Entry);
    }

    [Fact]
    public void MissWithItsStaleEntry_RoundTrips()
    {
        var miss = new Miss("k", Ticket) { Stale = Response() };

        var back = RoundTrip(miss);

        Assert.Equal(Ticket, back.Ticket);
        AssertSameResponse(miss.Stale, back.Stale!);
    }

    [Fact]
    public void TruncatedResponse_IsRefused_NotMisread()
    {
        var copy = new Copy("k", Ticket, Response(), [], Collapsed: false);
        var bytes = _serializer.ToBinary(copy);

        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => _serializer.FromBinary(bytes[..^40_000], "ca-copy-1"));
    }

    private T RoundTrip<T>(T message) where T : notnull
    {
        var manifest = _serializer.Manifest(message);
        Assert.Matches(WireSerializerTests.VersionedManifest, manifest);
        return (T)_serializer.FromBinary(_serializer.ToBinary(message), manifest);
    }

    private static void AssertSameResponse(CachedResponse sent, CachedResponse received)
    {
        Assert.Equal(sent.StatusCode, received.StatusCode);
        Assert.Equal(Describe(sent.Headers), Describe(received.Headers));
        Assert.Equal(Describe(sent.Vary), Describe(received.Vary));
        Assert.True(sent.Body.Span.SequenceEqual(received.Body.Span));
        Assert.Equal(sent.TimeToLive, received.TimeToLive);
        Assert.Equal(sent.SizeBytes, received.SizeBytes);
        Assert.Equal((sent.StaleWhileRevalidate, sent.StaleIfError, sent.KeepStale, sent.MustRevalidate),
            (received.StaleWhileRevalidate, received.StaleIfError, received.KeepStale, received.MustRevalidate));
        // Sent as an age: the instant moves on by the time the trip took, never back.
        Assert.InRange(received.StoredAt - sent.StoredAt, TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    private static string Describe(ImmutableArray<CachedHeader> headers) =>
        string.Join("\n", headers.Select(h => $"{h.Name}: [{string.Join("|", h.Values)}]"));
}
