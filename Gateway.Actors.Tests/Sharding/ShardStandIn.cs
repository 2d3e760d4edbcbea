using Akka.Actor;
using Akka.Cluster.Sharding;

namespace Gateway.Actors.Tests.Sharding;

/// <summary>
/// Plays Akka.Cluster.Sharding's part for entity tests on virtual time: the production
/// <see cref="LocalShard"/> (which the rate limiter's fallback runs its entities under), under the
/// name the tests know it by.
/// </summary>
public sealed class ShardStandIn(IMessageExtractor extractor, Func<string, Props> entityProps) : LocalShard(extractor, entityProps);
