using System.Runtime.Serialization;
using Akka.Actor;
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
        new RateLimiter.Decision("default", "10.0.0.1", false, 10, 0, TimeSpan.FromTicks(599_999_999), TimeSpan.FromMilliseconds(1234), TimeSpan.FromSeconds(60)),
        new RateLimiter.GrantLease("default", "ключ-é", Policy, long.MaxValue - 3, 1024, 17, TimeSpan.FromSeconds(61), 12345, TimeSpan.FromMilliseconds(100)),
        new RateLimiter.RevokeLease("default", "10.0.0.1", 42),
        new RateLimiter.LeaseReturned(-5, 1000),
    ];

    [Theory]
    [MemberData(nameof(Messages))]
    public void Message_RoundTrips(object message)
    {
        var manifest = _serializer.Manifest(message);

        var back = _serializer.FromBinary(_serializer.ToBinary(message), manifest);

        Assert.Equal(message, back);
        Assert.EndsWith("-1", manifest);
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
    public void EveryWireMessageType_HasAFormat()
    {
        var types = typeof(IWireMessage).Assembly.GetTypes().Where(t => typeof(IWireMessage).IsAssignableFrom(t) && !t.IsInterface);
        var covered = ((IEnumerable<object[]>)Messages()).Select(row => row[0].GetType()).ToHashSet();

        Assert.All(types, type => Assert.Contains(type, covered));
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
