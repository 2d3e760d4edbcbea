using Akka.Actor;
using Gateway.Actors.CircuitBreaking;

namespace Gateway.Web.Observability;

/// <summary>
/// Subscribes to <see cref="BreakerTransition"/> on the actor system's EventStream and counts each one
/// (tagged upstream, from, to) and keeps it for the status page. The breakers publish; nothing in the
/// request path is involved.
/// </summary>
public sealed class BreakerTransitionListener : ReceiveActor
{
    public BreakerTransitionListener(GatewayMetrics metrics, RecentTransitions recent)
    {
        Receive<BreakerTransition>(transition =>
        {
            metrics.BreakerTransitions.Add(1,
                new KeyValuePair<string, object?>("upstream", transition.Upstream),
                new KeyValuePair<string, object?>("from", GatewayMetrics.StateLabel(transition.From)),
                new KeyValuePair<string, object?>("to", GatewayMetrics.StateLabel(transition.To)));
            recent.Add(transition);
        });
    }

    public static Props Props(GatewayMetrics metrics, RecentTransitions recent) =>
        Akka.Actor.Props.Create(() => new BreakerTransitionListener(metrics, recent));

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(BreakerTransition));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);
}
