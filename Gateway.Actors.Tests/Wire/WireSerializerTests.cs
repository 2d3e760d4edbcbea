using System.Runtime.Serialization;
using Akka.Actor;
using Gateway.Actors.Caching;
using Gateway.Actors.CircuitBreaking;
using Gateway.Actors.RateLimiting;
using Gateway.Actors.Wire;

namespace Gateway.Actors.Tests.Wire;

/// <summary>Every message that crosses nodes survives the trip through its binary format unchanged.</summary>
public class WireSerializerTests : Akka.TestKit.Xunit2.TestKit
{
    private readonly WireSerializer _serializer;

    public WireSerializerTests() => _serializer = new WireSerializer((ExtendedActorSystem)Sys);

    private static readonly RateLimiter.Settings Policy =
        new(true, 250, TimeSpan.FromSeconds(90), RateLimitAlgorithm.TokenBucket, ClientKeySource.ApiKey, TimeSpan.FromMinutes(3)) { Leases = false };

    public static TheoryData<object> Messages() =>
    [
        new RateLimiter.Check("service-a", "2001:db8::7", Policy),
        new RateLimiter.Decision("default", "10.0.0.1", false, 10, 0, TimeSpan.FromTicks(599_999_999), TimeSpan.FromMilliseconds(1234), TimeSpan.FromSeconds(60)) { CrossNode = true },
        new RateLimiter.GrantLease("default", "ключ-é", Policy, long.MaxValue - 3, 1024, 17, TimeSpan.FromSeconds(61), 12345, TimeSpan.FromMilliseconds(100)),
        new RateLimiter.GrantLease("default", "10.0.0.1", Policy, 8, 16, 0, TimeSpan.FromSeconds(1), 0, TimeSpan.FromMilliseconds(10)) { Replaces = long.MinValue + 7 },
        new RateLimiter.RevokeLease("default", "10.0.0.1", 42),
        new RateLimiter.RenewLease("service-a", "2001:db8::7", long.MaxValue, 768),
        new RateLimiter.LeaseReturned(-5, 1000),
        new RateLimiter.LeaseReturned(41, 6) { CarriedInto = 42, Carried = int.MaxValue },
        new CircuitBreaker.Report("service-a|http://10.0.0.1:8001", Outcome.ServerError(503), 7),
        new CircuitBreaker.Report("u", Outcome.Timeout, 0),
        new CircuitBreaker.Report("u", Outcome.Ok, long.MaxValue),
        new CircuitBreaker.Report("u", Outcome.Unknown, 3),
        new CircuitBreaker.RequestProbe("service-a|http://[::1]:8001/api"),
        new CircuitBreaker.ProbeGranted("u", 12) { CrossNode = true },
        new CircuitBreaker.Rejected("u", TimeSpan.FromMilliseconds(8765)),
        new CircuitBreaker.Configure("u", BreakerSettings),
        new CircuitBreaker.Configured("u", BreakerSnapshot.Initial("u") with { Since = At }, "akka.tcp://gateway@10.0.0.2:4053"),
        new CircuitBreaker.Retire("u"),
        new CircuitBreaker.BreakerUpdate(
            new BreakerSnapshot("u", BreakerState.Open, 5, At.AddSeconds(10), TimeSpan.FromSeconds(20), 9, false, At) { Settings = BreakerSettings },
            new BreakerTransition("u", BreakerState.Closed, BreakerState.Open, 5, At.AddSeconds(10), 9, "5 consecutive failures (last: ServerError 503)", At),
            "akka.tcp://gateway@10.0.0.2:4053"),
        new CircuitBreaker.BreakerUpdate(BreakerSnapshot.Initial("u"), null, "akka.tcp://gateway@10.0.0.2:4053"),
        new CircuitBreaker.BreakerRetired("u", "akka.tcp://gateway@10.0.0.3:4053"),
        // Read on the other node, a lookup's answer is marked as having crossed.
        new ResponseCache.Miss("service-a|/items/1?x=é", Ticket) { CrossNode = true },
        new ResponseCache.GoUpstream("k", "fill-wait-expired") { CrossNode = true },
        new ResponseCache.GoUpstream("k", "not-stored") { CrossNode = true, VaryMiss = true },
        new ResponseCache.Stored("k", 1 << 20),
        new ResponseCache.NotStored("k", "too-large"),
        new ResponseCache.Invalidated("k", true),
        new CacheEntry.DropCopy("k", Ticket),
        new CacheEntry.FillSettled("k", Ticket, KeepCopy: true),
        new CacheEntry.InvalidationDone("k", Revoked: true),
    ];

    /// <summary>A manifest names its type and the version of its layout: <c>rl-check-1</c>, <c>ca-command-2</c>.</summary>
    public const string VersionedManifest = "^[a-z]+(-[a-z]+)*-[0-9]+$";

    private static readonly ResponseCache.FillTicket Ticket = new(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"));

    /// <summary>Round-tripped by <see cref="CacheWireTests"/>: they carry actors or a whole response.</summary>
    private static readonly Type[] RoundTrippedWithActorsOrResponses = [typeof(RateLimiter.TakeFromLease), typeof(CacheEntry.EntryCommand), typeof(CacheEntry.Copy), typeof(ResponseCache.Hit)];

    private static readonly DateTimeOffset At = new(2026, 12, 6, 8, 30, 15, 123, TimeSpan.Zero);

    private static readonly CircuitBreaker.Settings BreakerSettings = new(3, TimeSpan.FromSeconds(7), TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(11), 0.25);

    [Theory]
    [MemberData(nameof(Messages))]
    public void Message_RoundTrips(object message)
    {
        var manifest = _serializer.Manifest(message);

        var back = _serializer.FromBinary(_serializer.ToBinary(message), manifest);

        Assert.Equal(message, back);
        Assert.Matches(VersionedManifest, manifest);
    }

    [Fact]
    public void CheckWithItsDesk_RoundTrips_ToTheSameActor()
    {
        var desk = CreateTestProbe().Ref;
        var check = new RateLimiter.Check("default", "10.0.0.1", Policy) { Desk = desk };

        var back = (RateLimiter.Check)_serializer.FromBinary(_serializer.ToBinary(check), _serializer.Manifest(check));

        Assert.Equal(desk, back.Desk);
        Assert.Equal(check, back);
    }

    [Fact]
    public void CheckHandedToADesk_RoundTrips_WithItsAsker()
    {
        var take = new RateLimiter.TakeFromLease(
            new RateLimiter.Check("default", "10.0.0.1", Policy) { Desk = CreateTestProbe().Ref }, long.MinValue + 1, CreateTestProbe().Ref);

        var back = (RateLimiter.TakeFromLease)_serializer.FromBinary(_serializer.ToBinary(take), _serializer.Manifest(take));

        Assert.Equal(take, back);
        Assert.Equal("rl-take-1", _serializer.Manifest(take));
    }

    [Fact]
    public void LeaseMessagesInTheirFirstLayout_AreStillRead_AsNeitherRenewingNorCarrying()
    {
        // The first layouts are the second without their last fields: Replaces (8 bytes); CarriedInto and Carried (12).
        var grant = new RateLimiter.GrantLease("default", "10.0.0.1", Policy, 7, 16, 40, TimeSpan.FromSeconds(60), 0, TimeSpan.FromMilliseconds(100));
        var renewing = _serializer.ToBinary(grant with { Replaces = 6 });
        var carrying = _serializer.ToBinary(new RateLimiter.LeaseReturned(6, 12) { CarriedInto = 7, Carried = 4 });

        Assert.Equal(grant, _serializer.FromBinary(renewing[..^8], "rl-grant-1"));
        Assert.Equal(new RateLimiter.LeaseReturned(6, 12), _serializer.FromBinary(carrying[..^12], "rl-returned-1"));
        Assert.Equal("rl-grant-2", _serializer.Manifest(grant));
        Assert.Equal("rl-returned-2", _serializer.Manifest(new RateLimiter.LeaseReturned(6, 12)));
    }

    [Fact]
    public void EveryWireMessageType_HasAFormat()
    {
        var types = typeof(IWireMessage).Assembly.GetTypes().Where(t => typeof(IWireMessage).IsAssignableFrom(t) && !t.IsInterface).ToList();
        var covered = ((IEnumerable<object[]>)Messages()).Select(row => row[0].GetType()).Concat(RoundTrippedWithActorsOrResponses).ToHashSet();

        Assert.All(types, type => Assert.Contains(type, covered));
        Assert.All(types, type => Assert.Contains(type, WireSerializer.KnownTypes));
    }

    [Fact]
    public void UnknownManifest_OrTruncatedBytes_AreRefused_NotMisread()
    {
        var bytes = _serializer.ToBinary(new RateLimiter.RevokeLease("default", "10.0.0.1", 42));

        Assert.Throws<SerializationException>(() => _serializer.FromBinary(bytes, "rl-revoke-2"));
        Assert.Throws<SerializationException>(() => _serializer.FromBinary(bytes[..^3], "rl-revoke-1"));
    }

    [Fact]
    public void UnknownEnumValue_IsRefused()
    {
        var bytes = _serializer.ToBinary(new RateLimiter.GrantLease("p", "c", Policy, 1, 8, 0, TimeSpan.Zero, 0, TimeSpan.Zero));
        // Layout: "p" and "c" (a length byte each), enabled, requests, window, then the algorithm byte.
        bytes[2 + 2 + 1 + 4 + 8] = 99;

        Assert.Throws<SerializationException>(() => _serializer.FromBinary(bytes, "rl-grant-1"));
    }
}
